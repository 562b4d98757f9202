package dev.poto.runtime.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * JWT settings: the HS256 secret, the issuer and the token lifetime. The secret must be at least 256
 * bits; {@link TokenService} refuses to start otherwise. It is never printed ({@link #toString} hides it).
 *
 * <p><b>Key rotation.</b> Every token names its signing key in the {@code kid} header. To rotate, sign
 * with a new key and keep the old one as a previous key until the tokens it signed have expired (at
 * least {@link #expiry}):
 *
 * <pre>{@code
 * jwt.signingKey("2026-12", newSecret).previousKey("2026-11", oldSecret)
 * }</pre>
 *
 * A token naming a key that is not configured is rejected with 401 {@code unknown_key}.
 */
public final class JwtConfig {
  /** HS256 needs a key at least as long as its hash: 256 bits. */
  public static final int MIN_SECRET_BYTES = 32;

  public static final String DEFAULT_ISSUER = "poto";
  public static final Duration DEFAULT_EXPIRY = Duration.ofHours(1);
  /** With refresh tokens, the longest life of a named login's access token. */
  public static final Duration DEFAULT_LOGIN_EXPIRY = Duration.ofMinutes(15);
  /** How long a refresh token may go unused before its login ends. */
  public static final Duration DEFAULT_REFRESH_EXPIRY = Duration.ofDays(14);
  /** The key id of a secret set without one ({@link #secret(byte[])}). */
  public static final String DEFAULT_KEY_ID = "default";
  /** Key ids are short printable tokens: they travel in every token's header. */
  public static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private byte[] secret;
  private String keyId = DEFAULT_KEY_ID;
  private final Map<String, byte[]> previousKeys = new LinkedHashMap<>();
  private boolean developmentSecret;
  private String issuer = DEFAULT_ISSUER;
  private Duration expiry = DEFAULT_EXPIRY;
  private Boolean refreshTokens;
  private Duration loginExpiry = DEFAULT_LOGIN_EXPIRY;
  private Duration refreshExpiry = DEFAULT_REFRESH_EXPIRY;

  /** The signing secret (at least 32 bytes), with key id {@value #DEFAULT_KEY_ID}. The array is copied. */
  public JwtConfig secret(byte[] secret) {
    return signingKey(DEFAULT_KEY_ID, secret);
  }

  /** The key new tokens are signed with, and its id (sent as {@code kid}). The array is copied. */
  public JwtConfig signingKey(String keyId, byte[] secret) {
    this.keyId = checkedKeyId(keyId);
    this.secret = Objects.requireNonNull(secret, "secret").clone();
    this.developmentSecret = false;
    return this;
  }

  /** {@link #signingKey(String, byte[])} with the secret's UTF-8 bytes. */
  public JwtConfig signingKey(String keyId, String secret) {
    return signingKey(keyId, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A key that no longer signs but still verifies the tokens it signed, until they expire. Remove it
   * once {@link #expiry} has passed since the rotation. The array is copied.
   */
  public JwtConfig previousKey(String keyId, byte[] secret) {
    previousKeys.put(checkedKeyId(keyId), Objects.requireNonNull(secret, "secret").clone());
    return this;
  }

  /** {@link #previousKey(String, byte[])} with the secret's UTF-8 bytes. */
  public JwtConfig previousKey(String keyId, String secret) {
    return previousKey(keyId, Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
  }

  private static String checkedKeyId(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (!KEY_ID.matcher(keyId).matches()) {
      throw new IllegalArgumentException("A key id must match " + KEY_ID.pattern() + ", was '" + keyId + "'");
    }
    return keyId;
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
    this.keyId = DEFAULT_KEY_ID;
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

  /**
   * Whether named logins get a refresh token (on by default with a server-side session store, in
   * memory or Redis; off with the cookie store, which cannot revoke a copied token, and an error if
   * asked for there). With them, a login's access token lives {@link #loginExpiry} (or {@link #expiry}
   * if shorter), and clients renew it through {@code _auth/refresh}.
   */
  public JwtConfig refreshTokens(boolean enabled) {
    this.refreshTokens = enabled;
    return this;
  }

  /** With refresh tokens, how long a named login's access token lives at most; default 15 minutes. */
  public JwtConfig loginExpiry(Duration loginExpiry) {
    this.loginExpiry = positive(loginExpiry, "loginExpiry");
    return this;
  }

  /**
   * How long a refresh token is valid; each refresh issues the next one with a fresh lifetime, so a
   * login ends after this long without use (or when its session is removed). Default 14 days.
   */
  public JwtConfig refreshExpiry(Duration refreshExpiry) {
    this.refreshExpiry = positive(refreshExpiry, "refreshExpiry");
    return this;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  /** The refresh-token setting: null when left to the default (on unless the session store is cookies). */
  public Boolean refreshTokensSetting() {
    return refreshTokens;
  }

  /** A named login's access-token lifetime when refresh tokens are on: the shorter of the two expiries. */
  public Duration loginAccessExpiry() {
    return loginExpiry.compareTo(expiry) < 0 ? loginExpiry : expiry;
  }

  public Duration refreshExpiry() {
    return refreshExpiry;
  }

  /** A copy of the secret, or null when none is set. */
  byte[] secretBytes() {
    return secret == null ? null : secret.clone();
  }

  /** The id of the signing key. */
  public String keyId() {
    return keyId;
  }

  /** Copies of the previous (verify-only) keys by id. */
  Map<String, byte[]> previousKeyBytes() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    previousKeys.forEach((id, key) -> copy.put(id, key.clone()));
    return copy;
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
    copy.keyId = keyId;
    previousKeys.forEach((id, key) -> copy.previousKeys.put(id, key.clone()));
    copy.developmentSecret = developmentSecret;
    copy.issuer = issuer;
    copy.expiry = expiry;
    copy.refreshTokens = refreshTokens;
    copy.loginExpiry = loginExpiry;
    copy.refreshExpiry = refreshExpiry;
    return copy;
  }

  @Override
  public String toString() {
    return "JwtConfig[issuer=" + issuer + ", expiry=" + expiry + ", keyId=" + keyId + ", secret="
        + (secret == null ? "unset" : "(hidden)") + ", previousKeys=" + previousKeys.keySet() + "]";
  }
}
