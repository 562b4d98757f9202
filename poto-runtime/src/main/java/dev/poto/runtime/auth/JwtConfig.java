package dev.poto.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * JWT settings: the HS256 secret, the issuer and the token lifetime. The secret must be at least 256
 * bits; {@link TokenService} refuses to start otherwise. It is never printed ({@link #toString} hides it).
 */
public final class JwtConfig {
  /** HS256 needs a key at least as long as its hash: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  public static final String DEFAULT_ISSUER = "poto";
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);

  private byte[] secret;
  private boolean developmentSecret;
  private String issuer = DEFAULT_ISSUER;
  private Duration expiry = DEFAULT_EXPIRY;

  /** The signing secret (at least 32 bytes). The array is copied. */
  public JwtConfig secret(byte[] secret) {
    this.secret = Objects.requireNonNull(secret, "secret").clone();
    this.developmentSecret = false;
    return this;
  }

  /** The signing secret as text, taken as its UTF-8 bytes (at least 32 of them). */
  public JwtConfig secret(String secret) {
    return secret(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A random 256-bit secret, for development only: tokens die with the process and no other node
   * accepts them. The runtime logs a warning at startup when this is in use.
   */
  public JwtConfig randomDevelopmentSecret() {
    byte[] random = new byte[MIN_SECRET_BYTES];
    new SecureRandom().nextBytes(random);
    this.secret = random;
    this.developmentSecret = true;
    return this;
  }

  public JwtConfig issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("The JWT issuer must not be blank");
    }
    this.issuer = issuer;
    return this;
  }

  public JwtConfig expiry(Duration expiry) {
    Objects.requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("The JWT expiry must be positive, was " + expiry);
    }
    this.expiry = expiry;
    return this;
  }

  /** A copy of the secret, or null when none is set. */
  byte[] secretBytes() {
    return secret == null ? null : secret.clone();
  }

  public boolean hasSecret() {
    return secret != null;
  }

  public boolean usesDevelopmentSecret() {
    return developmentSecret;
  }

  public String issuer() {
    return issuer;
  }

  public Duration expiry() {
    return expiry;
  }

  /** A copy, so that later changes to this config do not reach a running server. */
  public JwtConfig copy() {
    JwtConfig copy = new JwtConfig();
    copy.secret = secret == null ? null : Arrays.copyOf(secret, secret.length);
    copy.developmentSecret = developmentSecret;
    copy.issuer = issuer;
    copy.expiry = expiry;
    return copy;
  }

  @Override
  public String toString() {
    return "JwtConfig[issuer=" + issuer + ", expiry=" + expiry + ", secret="
        + (secret == null ? "unset" : "(hidden)") + "]";
  }
}
