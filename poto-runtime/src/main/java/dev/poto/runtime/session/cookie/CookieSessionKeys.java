package dev.poto.runtime.session.cookie;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.Parameters;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.aead.AesGcmSivParameters;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Objects;

/**
 * The Tink keyset that encrypts session cookies: AES-256-GCM or AES-256-GCM-SIV keys only (GCM-SIV
 * needs a security provider implementing it, such as Conscrypt; new keys are AES-256-GCM). The
 * primary key encrypts; every key in the set decrypts, so rotating means adding a new primary
 * ({@link #withNewPrimaryKey()}) and removing the old key once its cookies have expired.
 *
 * <p>The keyset is secret. Load it from a file or an environment variable holding Tink's JSON keyset
 * format; create one with {@code java -cp ... dev.poto.runtime.session.cookie.GenerateSessionKeyset}. Nothing
 * here logs or prints key material, and {@link #toString()} names only the key ids.
 */
public final class CookieSessionKeys {
  static {
    try {
      AeadConfig.register();
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final KeysetHandle keyset;
  private final Aead aead;

  private CookieSessionKeys(KeysetHandle keyset) {
    this.keyset = keyset;
    checkKeyTypes(keyset);
    try {
      this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "The session keyset cannot make an AEAD: " + e.getMessage()
              + " (AES-GCM-SIV keys need a security provider that implements AES/GCM-SIV, such as"
              + " Conscrypt; the JDK alone has none, so prefer AES-256-GCM keys)", e);
    }
  }

  /** A new keyset with one fresh AES-256-GCM key from the system's secure random source. */
  public static CookieSessionKeys generate() {
    try {
      return new CookieSessionKeys(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not generate a session keyset", e);
    }
  }

  /** Parses Tink's cleartext JSON keyset format. */
  public static CookieSessionKeys fromJson(String keysetJson) {
    Objects.requireNonNull(keysetJson, "keysetJson");
    try {
      return new CookieSessionKeys(TinkJsonProtoKeysetFormat.parseKeyset(keysetJson, InsecureSecretKeyAccess.get()));
    } catch (GeneralSecurityException e) {
      // Tink's message does not contain key material; the JSON itself is never echoed.
      throw new IllegalArgumentException("Not a valid Tink JSON keyset: " + e.getMessage(), e);
    }
  }

  public static CookieSessionKeys fromFile(Path file) {
    try {
      return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the session keyset file " + file, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Session keyset file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads the keyset JSON from environment variable {@code name} (for example POTO_SESSION_KEYSET). */
  public static CookieSessionKeys fromEnvironment(String name) {
    String json = System.getenv(name);
    if (json == null || json.isBlank()) {
      throw new IllegalStateException(
          "Environment variable " + name + " is not set; put a Tink JSON keyset in it"
              + " (create one with dev.poto.runtime.session.cookie.GenerateSessionKeyset)");
    }
    try {
      return fromJson(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("Environment variable " + name + ": " + e.getMessage(), e);
    }
  }

  /** This keyset plus a fresh AES-256-GCM key that becomes primary; the old keys still decrypt. */
  public CookieSessionKeys withNewPrimaryKey() {
    try {
      return new CookieSessionKeys(
          KeysetHandle.newBuilder(keyset)
              .addEntry(KeysetHandle.generateEntryFromParameters(PredefinedAeadParameters.AES256_GCM).withRandomId().makePrimary())
              .build());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not add a key to the session keyset", e);
    }
  }

  /** The keyset in Tink's cleartext JSON format. This is secret: store it like a password. */
  public String toCleartextJson() {
    try {
      return TinkJsonProtoKeysetFormat.serializeKeyset(keyset, InsecureSecretKeyAccess.get());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not serialize the session keyset", e);
    }
  }

  /** The id of the key new cookies are encrypted with (Tink writes it in each ciphertext's prefix). */
  public int primaryKeyId() {
    return keyset.getPrimary().getId();
  }

  public int size() {
    return keyset.size();
  }

  Aead aead() {
    return aead;
  }

  @Override
  public String toString() {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i < keyset.size(); i++) {
      ids.append(i == 0 ? "" : ",").append(Integer.toUnsignedString(keyset.getAt(i).getId()));
    }
    return "CookieSessionKeys[primary=" + Integer.toUnsignedString(primaryKeyId()) + ", keys=" + ids + "]";
  }

  private static void checkKeyTypes(KeysetHandle keyset) {
    for (int i = 0; i < keyset.size(); i++) {
      Parameters p = keyset.getAt(i).getKey().getParameters();
      boolean aes256 =
          (p instanceof AesGcmParameters gcm && gcm.getKeySizeBytes() == 32)
              || (p instanceof AesGcmSivParameters siv && siv.getKeySizeBytes() == 32);
      if (!aes256) {
        throw new IllegalArgumentException(
            "Session keysets may hold only AES-256-GCM or AES-256-GCM-SIV keys; key "
                + Integer.toUnsignedString(keyset.getAt(i).getId()) + " is " + p);
      }
    }
  }
}
