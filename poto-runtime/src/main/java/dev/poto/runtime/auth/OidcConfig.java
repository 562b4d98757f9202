package dev.poto.runtime.auth;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Accepting tokens from an external OpenID Connect provider (Keycloak, Auth0, Okta, Entra ID, Google):
 *
 * <pre>{@code
 * config.oidc(oidc -> oidc
 *     .issuer("https://login.example.com/realms/acme")   // keys found through discovery
 *     .audience("acme-web")                              // the client id the provider puts in aud
 *     .algorithms("RS256")                               // never taken from the token
 *     .rolesClaim("realm_access.roles"));
 * }</pre>
 *
 * A token whose {@code iss} is this issuer is checked against the provider's published keys; Poto's own
 * tokens (issuer {@link JwtConfig#issuer()}) keep working beside it. The signing algorithms come from
 * here only: HMAC and {@code none} cannot be configured, so a token cannot choose how it is checked.
 */
public final class OidcConfig {
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** How old the cached keys may get before a call triggers a refresh in the background. */
  public static final Duration DEFAULT_KEY_REFRESH_INTERVAL = Duration.ofMinutes(10);
  /** At most one fetch of the provider's keys in this interval, whatever tokens arrive. */
  public static final Duration DEFAULT_KEY_FETCH_MIN_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_FETCH_TIMEOUT = Duration.ofSeconds(5);
  public static final String DEFAULT_USER_ID_CLAIM = "sub";
  /** Larger discovery or JWKS documents are refused: a provider's key set is a few KiB. */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  /** The algorithm families a provider's public keys can verify; HMAC would need a shared secret. */
  private static final Set<JWSAlgorithm.Family> ASYMMETRIC =
      Set.of(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED);

  private String issuer;
  private URI jwksUri;
  private final Set<String> audiences = new LinkedHashSet<>();
  private final Set<JWSAlgorithm> algorithms = new LinkedHashSet<>(List.of(JWSAlgorithm.RS256));
  private String userIdClaim = DEFAULT_USER_ID_CLAIM;
  private String rolesClaim;
  private Duration clockSkew = DEFAULT_CLOCK_SKEW;
  private Duration keyRefreshInterval = DEFAULT_KEY_REFRESH_INTERVAL;
  private Duration keyFetchMinInterval = DEFAULT_KEY_FETCH_MIN_INTERVAL;
  private Duration fetchTimeout = DEFAULT_FETCH_TIMEOUT;
  private boolean allowHttp;
  private Clock clock = Clock.systemUTC();

  /**
   * The provider's issuer URL, exactly as it writes it in {@code iss}. Without {@link #jwksUri}, the
   * keys are found through {@code <issuer>/.well-known/openid-configuration}.
   */
  public OidcConfig issuer(String issuer) {
    Objects.requireNonNull(issuer, "issuer");
    if (issuer.isBlank()) {
      throw new IllegalArgumentException("The OIDC issuer must not be blank");
    }
    this.issuer = issuer;
    return this;
  }

  /** The provider's JWKS URL, to skip discovery. */
  public OidcConfig jwksUri(String jwksUri) {
    this.jwksUri = URI.create(Objects.requireNonNull(jwksUri, "jwksUri"));
    return this;
  }

  /** The accepted {@code aud} values (a token needs one of them); at least one is required. */
  public OidcConfig audience(String... audiences) {
    for (String audience : audiences) {
      if (Objects.requireNonNull(audience, "audience").isBlank()) {
        throw new IllegalArgumentException("An audience must not be blank");
      }
      this.audiences.add(audience);
    }
    return this;
  }

  /**
   * The accepted signing algorithms, replacing the default {@code RS256}: any of RS256/384/512,
   * PS256/384/512, ES256/384/512, EdDSA (Ed25519).
   */
  public OidcConfig algorithms(String... names) {
    if (names.length == 0) {
      throw new IllegalArgumentException("Name at least one signing algorithm, e.g. RS256");
    }
    Set<JWSAlgorithm> chosen = new LinkedHashSet<>();
    for (String name : names) {
      JWSAlgorithm algorithm = JWSAlgorithm.parse(Objects.requireNonNull(name, "algorithm"));
      if (ASYMMETRIC.stream().noneMatch(family -> family.contains(algorithm))) {
        throw new IllegalArgumentException("'" + name + "' cannot be used for provider tokens: name a public-key "
            + "algorithm (RS256, PS256, ES256, EdDSA ...); HMAC needs a shared secret and 'none' has no signature");
      }
      chosen.add(algorithm);
      if (algorithm.equals(JWSAlgorithm.EdDSA) || algorithm.equals(JWSAlgorithm.Ed25519)) {
        chosen.add(JWSAlgorithm.EdDSA); // the same Ed25519 signature under its old and its new name
        chosen.add(JWSAlgorithm.Ed25519);
      }
    }
    chosen.remove(JWSAlgorithm.Ed448); // part of the ED family, but without a verifier here
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("Ed448 is not supported; use EdDSA with Ed25519 keys");
    }
    algorithms.clear();
    algorithms.addAll(chosen);
    return this;
  }

  /**
   * The claim that becomes the Poto user id; default {@code sub}. Like {@link #rolesClaim}, a path of
   * nested objects may be given with dots.
   */
  public OidcConfig userIdClaim(String claimPath) {
    this.userIdClaim = requirePath(claimPath);
    return this;
  }

  /**
   * The claim holding the user's roles: an array of strings, or one string of space-separated names
   * (like {@code scope}). A dotted path reaches into objects, e.g. {@code realm_access.roles}
   * (Keycloak); a claim whose own name contains dots (e.g. {@code https://acme.com/roles}) is found
   * by that name first. Without it, provider users have no roles.
   */
  public OidcConfig rolesClaim(String claimPath) {
    this.rolesClaim = requirePath(claimPath);
    return this;
  }

  /** How far {@code exp} and {@code nbf} may be off; default 60 s. */
  public OidcConfig clockSkew(Duration skew) {
    Objects.requireNonNull(skew, "skew");
    if (skew.isNegative() || skew.toSeconds() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("The clock skew must be 0 or more seconds, was " + skew);
    }
    this.clockSkew = skew;
    return this;
  }

  /** How old cached keys get before the next call refreshes them in the background; default 10 minutes. */
  public OidcConfig keyRefreshInterval(Duration interval) {
    this.keyRefreshInterval = positive(interval, "keyRefreshInterval");
    return this;
  }

  /**
   * The least time between two fetches of the provider's keys; default 30 s. A token naming an
   * unknown key fetches at once unless a fetch happened this recently, so random key ids cannot be
   * used to flood the provider.
   */
  public OidcConfig keyFetchMinInterval(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative()) {
      throw new IllegalArgumentException("keyFetchMinInterval must not be negative, was " + interval);
    }
    this.keyFetchMinInterval = interval;
    return this;
  }

  /** How long one fetch of the discovery document or the keys may take; default 5 s. */
  public OidcConfig fetchTimeout(Duration timeout) {
    this.fetchTimeout = positive(timeout, "fetchTimeout");
    return this;
  }

  /**
   * Allows {@code http:} URLs for the issuer and the keys on hosts other than the loopback (e.g. a
   * provider container in development). Keys fetched over plain HTTP can be forged on the way.
   */
  public OidcConfig allowHttp(boolean allow) {
    this.allowHttp = allow;
    return this;
  }

  /** The clock for {@code exp}/{@code nbf} and the key refresh timing; tests use a fixed one. */
  public OidcConfig clock(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Checks the settings that only make sense together.
   *
   * @throws IllegalStateException saying what to set
   */
  void validate() {
    if (issuer == null) {
      throw new IllegalStateException("oidc(...) needs the provider's issuer URL: oidc.issuer(\"https://...\")");
    }
    if (audiences.isEmpty()) {
      throw new IllegalStateException("oidc(...) needs the audience your tokens are issued for: "
          + "oidc.audience(\"<client id>\"); without it a token minted for any other client of the provider would pass");
    }
    requireSecure(URI.create(issuer), "issuer");
    if (jwksUri != null) {
      requireSecure(jwksUri, "jwksUri");
    }
  }

  void requireSecure(URI uri, String what) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalStateException("The OIDC " + what + " must be an https URL with a host, was " + uri);
    }
    if (scheme.equals("http") && !allowHttp && !isLoopback(uri.getHost())) {
      throw new IllegalStateException("The OIDC " + what + " " + uri + " uses plain http: keys fetched that way "
          + "can be forged on the way. Use https, or oidc.allowHttp(true) in development");
    }
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  private static String requirePath(String claimPath) {
    Objects.requireNonNull(claimPath, "claimPath");
    if (claimPath.isBlank() || claimPath.startsWith(".") || claimPath.endsWith(".")) {
      throw new IllegalArgumentException("A claim path is a claim name or names joined by dots, was '" + claimPath + "'");
    }
    return claimPath;
  }

  private static Duration positive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
    return d;
  }

  public String issuer() {
    return issuer;
  }

  URI jwksUri() {
    return jwksUri;
  }

  Set<String> audiences() {
    return Set.copyOf(audiences);
  }

  Set<JWSAlgorithm> algorithms() {
    return Set.copyOf(algorithms);
  }

  String userIdClaim() {
    return userIdClaim;
  }

  String rolesClaim() {
    return rolesClaim;
  }

  Duration clockSkew() {
    return clockSkew;
  }

  Duration keyRefreshInterval() {
    return keyRefreshInterval;
  }

  Duration keyFetchMinInterval() {
    return keyFetchMinInterval;
  }

  Duration fetchTimeout() {
    return fetchTimeout;
  }

  Clock clock() {
    return clock;
  }

  /** A copy, so that later changes to this config do not reach a running server. */
  public OidcConfig copy() {
    OidcConfig copy = new OidcConfig();
    copy.issuer = issuer;
    copy.jwksUri = jwksUri;
    copy.audiences.addAll(audiences);
    copy.algorithms.clear();
    copy.algorithms.addAll(algorithms);
    copy.userIdClaim = userIdClaim;
    copy.rolesClaim = rolesClaim;
    copy.clockSkew = clockSkew;
    copy.keyRefreshInterval = keyRefreshInterval;
    copy.keyFetchMinInterval = keyFetchMinInterval;
    copy.fetchTimeout = fetchTimeout;
    copy.allowHttp = allowHttp;
    copy.clock = clock;
    return copy;
  }

  @Override
  public String toString() {
    return "OidcConfig[issuer=" + issuer + ", audiences=" + audiences + ", algorithms=" + algorithms
        + ", userIdClaim=" + userIdClaim + ", rolesClaim=" + rolesClaim + "]";
  }
}
