package dev.poto.runtime.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2-HMAC-SHA256 password hashes in the self-describing form
 * {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}, compared in constant time. The iteration
 * count is stored with each hash, so raising the default later keeps old hashes verifiable.
 */
public final class PasswordHasher {
  /** OWASP's current recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final String PREFIX = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  public PasswordHasher() {
    this(DEFAULT_ITERATIONS);
  }

  /** Fewer iterations make tests fast; production should keep the default. */
  public PasswordHasher(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive, was " + iterations);
    }
    this.iterations = iterations;
  }

  public int iterations() {
    return iterations;
  }

  /** A new salted hash; the password must not be empty. */
  public String hash(char[] password) {
    if (password.length == 0) {
      throw new IllegalArgumentException("A password must not be empty");
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = derive(password, salt, iterations);
    Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  /** Whether {@code password} matches {@code encoded}; false (never an exception) for a garbled hash. */
  public boolean matches(char[] password, String encoded) {
    String[] parts = encoded == null ? new String[0] : encoded.split("\\$");
    if (password.length == 0 || parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      int storedIterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] expected = Base64.getDecoder().decode(parts[3]);
      if (storedIterations < 1 || expected.length == 0) {
        return false;
      }
      byte[] actual = derive(password, salt, storedIterations);
      return MessageDigest.isEqual(actual, expected);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(ALGORITHM + " is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }
}
