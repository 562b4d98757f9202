package dev.poto.runtime.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import dev.poto.runtime.context.PotoUser;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies HS256 JWTs (claims {@code sub}, {@code roles}, {@code iss}, {@code iat},
 * {@code exp}). Only HS256 is accepted, so {@code alg: none} and algorithm swaps fail verification.
 * Each token names its key in the {@code kid} header: the signing key, or a previous key kept for
 * rotation ({@link JwtConfig#previousKey}); a token without {@code kid} is checked with the signing key.
 */
public final class TokenService {
  private static final Logger log = LoggerFactory.getLogger(TokenService.class);
  static final String ROLES_CLAIM = "roles";
  private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  /** Each ASCII character's 6-bit value in {@link #BASE64URL}, -1 for none: one lookup per character of every token. */
  private static final byte[] BASE64URL_VALUES = new byte[128];

  static {
    java.util.Arrays.fill(BASE64URL_VALUES, (byte) -1);
    for (int i = 0; i < BASE64URL.length(); i++) {
      BASE64URL_VALUES[BASE64URL.charAt(i)] = (byte) i;
    }
  }

  private final Algorithm algorithm;
  private final String keyId;
  private final JWTVerifier verifier;
  /** The verifier of every configured key, signing key included, by key id. */
  private final Map<String, JWTVerifier> verifiersByKeyId = new HashMap<>();
  private final String issuer;
  private final java.time.Duration expiry;
  private final Clock clock;
  private final VerifiedTokens verified;

  public TokenService(JwtConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With an explicit clock, for issuing tokens that are already expired in tests. */
  public TokenService(JwtConfig config, Clock clock) {
    this(config, clock, VerifiedTokens.DEFAULT_CAPACITY);
  }

  /** With a given bound on the tokens remembered as verified, for tests of that bound. */
  TokenService(JwtConfig config, Clock clock, int verifiedTokensKept) {
    Objects.requireNonNull(config, "config");
    this.verified = new VerifiedTokens(verifiedTokensKept);
    this.clock = Objects.requireNonNull(clock, "clock");
    byte[] secret = config.secretBytes();
    if (secret == null) {
      throw new IllegalStateException(
          "No JWT secret is configured. Set one of at least " + JwtConfig.MIN_SECRET_BYTES
              + " bytes with jwt.secret(...) (from an environment variable or a secret store),"
              + " or use jwt.randomDevelopmentSecret() while developing.");
    }
    requireLongEnough(secret, "The JWT secret");
    if (config.usesDevelopmentSecret()) {
      log.warn(
          "Poto is using a RANDOM DEVELOPMENT JWT SECRET: tokens stop working when this process"
              + " restarts and are not accepted by any other node. Configure jwt.secret(...) for production.");
    }
    this.algorithm = Algorithm.HMAC256(secret);
    this.keyId = config.keyId();
    this.issuer = config.issuer();
    this.expiry = config.expiry();
    this.verifier = verifier(algorithm);
    verifiersByKeyId.put(keyId, verifier);
    config.previousKeyBytes().forEach((id, key) -> {
      if (id.equals(keyId)) {
        throw new IllegalStateException("The previous JWT key '" + id + "' has the id of the signing key; "
            + "give the new signing key a new id");
      }
      requireLongEnough(key, "The previous JWT key '" + id + "'");
      verifiersByKeyId.put(id, verifier(Algorithm.HMAC256(key)));
    });
  }

  private JWTVerifier verifier(Algorithm keyAlgorithm) {
    // build(Clock) lives on the concrete verification type; the clock lets tests mint expired tokens.
    JWTVerifier.BaseVerification verification = (JWTVerifier.BaseVerification) JWT.require(keyAlgorithm);
    verification.withIssuer(issuer).withClaimPresence("sub").withClaimPresence("exp");
    return verification.build(clock);
  }

  private static void requireLongEnough(byte[] secret, String what) {
    if (secret.length < JwtConfig.MIN_SECRET_BYTES) {
      throw new IllegalStateException(
          what + " is too short: HS256 needs at least " + JwtConfig.MIN_SECRET_BYTES
              + " bytes (256 bits) but the configured secret has " + secret.length
              + ". Generate one with, e.g., `openssl rand -base64 48`.");
    }
  }

  /** A signed token for {@code user}, valid for the configured expiry from now. */
  public IssuedToken issue(PotoUser user) {
    return issue(user, expiry);
  }

  /** A signed token for {@code user}, valid for {@code lifetime} from now. */
  public IssuedToken issue(PotoUser user, java.time.Duration lifetime) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(lifetime);
    String token =
        JWT.create()
            .withKeyId(keyId)
            .withIssuer(issuer)
            .withSubject(user.id())
            .withArrayClaim(ROLES_CLAIM, user.roles().stream().sorted().toArray(String[]::new))
            .withIssuedAt(now)
            .withExpiresAt(expiresAt)
            .sign(algorithm);
    return new IssuedToken(token, user.id(), expiresAt);
  }

  /**
   * The user a token stands for. A token this service has verified before is not decoded or checked
   * again, except for its expiry, not-before and issued-at instants ({@link VerifiedTokens}).
   *
   * @throws TokenRejectedException 401 {@code token_expired} or {@code invalid_token}
   */
  public PotoUser verify(String token) {
    PotoUser known = verifiedBefore(token);
    return known != null ? known : verifyInFull(token);
  }

  /**
   * The user of a token this service has verified before, with its time checks made again now; null
   * when the token has not been verified here (or has been forgotten).
   *
   * @throws TokenRejectedException 401 {@code token_expired} or {@code invalid_token}, exactly as a
   *     full verification would answer now
   */
  PotoUser verifiedBefore(String token) {
    VerifiedTokens.Verified known = verified.get(token);
    if (known == null) {
      return null;
    }
    // java-jwt's checks, in its order, against the same clock truncated to the second (no leeway):
    // exp must be after now, nbf and iat not after now.
    long now = clock.instant().getEpochSecond();
    if (known.expiresAt() <= now) {
      verified.remove(token); // it can never verify again
      throw TokenRejectedException.expired();
    }
    if (known.notBefore() > now) {
      throw TokenRejectedException.invalid("wrong claim 'nbf'");
    }
    if (known.issuedAt() > now) {
      throw TokenRejectedException.invalid("wrong claim 'iat'");
    }
    return known.user();
  }

  private PotoUser verifyInFull(String token) {
    if (!canonicalBase64Url(token)) {
      throw TokenRejectedException.invalid("not canonical base64url");
    }
    DecodedJWT jwt;
    try {
      // Decoded once: the key id picks the verifier, which checks the same decoded token (verify(String)
      // would parse header and payload a second time, a visible part of a small call's cost).
      DecodedJWT decoded = JWT.decode(token);
      jwt = verifierFor(decoded.getKeyId()).verify(decoded);
    } catch (TokenExpiredException e) {
      throw TokenRejectedException.expired();
    } catch (AlgorithmMismatchException e) {
      throw TokenRejectedException.invalid("unsupported signing algorithm");
    } catch (SignatureVerificationException e) {
      throw TokenRejectedException.invalid("bad signature");
    } catch (IncorrectClaimException e) {
      throw TokenRejectedException.invalid("wrong claim '" + e.getClaimName() + "'");
    } catch (MissingClaimException e) {
      throw TokenRejectedException.invalid("missing claim '" + e.getClaimName() + "'");
    } catch (JWTDecodeException e) {
      throw TokenRejectedException.invalid("malformed");
    } catch (JWTVerificationException | IllegalArgumentException e) {
      throw TokenRejectedException.invalid("verification failed");
    }
    // The library reads a JSON null exp as absent (a token that never expires) and a numeric sub as
    // its text: both are refused here.
    Instant expiresAt = jwt.getClaim("exp").asInstant(); // the value the verifier checked
    if (expiresAt == null) {
      throw TokenRejectedException.invalid("no expiry");
    }
    String subject = jwt.getClaim("sub").asString();
    if (subject == null || subject.isBlank()) {
      throw TokenRejectedException.invalid("the subject must be a non-empty string");
    }
    List<String> roles;
    try {
      roles = jwt.getClaim(ROLES_CLAIM).asList(String.class);
    } catch (JWTDecodeException e) {
      throw TokenRejectedException.invalid("malformed roles claim");
    }
    // Set.copyOf keeps one of any duplicates; nulls (a malformed claim) are dropped first. An already
    // immutable set is not copied again by PotoUser.
    Set<String> roleSet = roles == null ? Set.of() : Set.copyOf(withoutNulls(roles));
    PotoUser user = new PotoUser(subject, roleSet);
    verified.put(token, new VerifiedTokens.Verified(user, expiresAt.getEpochSecond(),
        epochSecondOrNone(jwt.getClaim("nbf").asInstant()), epochSecondOrNone(jwt.getClaim("iat").asInstant())));
    return user;
  }

  private static long epochSecondOrNone(Instant instant) {
    return instant == null ? VerifiedTokens.Verified.NONE : instant.getEpochSecond();
  }

  /** Tokens remembered as verified now. */
  int verifiedTokensKept() {
    return verified.size();
  }

  private JWTVerifier verifierFor(String tokenKeyId) {
    if (tokenKeyId == null) {
      return verifier;
    }
    JWTVerifier keyVerifier = verifiersByKeyId.get(tokenKeyId);
    if (keyVerifier == null) {
      throw TokenRejectedException.unknownKey();
    }
    return keyVerifier;
  }

  /**
   * Whether each of the token's three parts is base64url in its one canonical form: no padding, no
   * other alphabet, and zero unused bits in the last character. The decoder alone accepts variants
   * of a signed token (a trailing {@code =}, a last character that decodes to the same bytes), so a
   * token could be re-spelled without the key.
   */
  static boolean canonicalBase64Url(String token) {
    int first = token.indexOf('.');
    int second = first < 0 ? -1 : token.indexOf('.', first + 1);
    if (second < 0 || token.indexOf('.', second + 1) >= 0) {
      return false;
    }
    return canonicalPart(token, 0, first)
        && canonicalPart(token, first + 1, second)
        && canonicalPart(token, second + 1, token.length());
  }

  private static boolean canonicalPart(String token, int from, int to) {
    int length = to - from;
    if (length % 4 == 1) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (base64UrlValue(token.charAt(i)) < 0) {
        return false;
      }
    }
    if (length % 4 == 0) {
      return true;
    }
    // 2 or 3 characters in the last group carry 8 or 16 bits; the rest of the last character's 6 bits
    // must be zero.
    int unusedBits = length % 4 == 2 ? 4 : 2;
    int last = base64UrlValue(token.charAt(to - 1));
    return (last & ((1 << unusedBits) - 1)) == 0;
  }

  private static int base64UrlValue(char c) {
    return c < BASE64URL_VALUES.length ? BASE64URL_VALUES[c] : -1;
  }

  private static List<String> withoutNulls(List<String> roles) {
    for (String role : roles) {
      if (role == null) {
        return roles.stream().filter(Objects::nonNull).toList();
      }
    }
    return roles;
  }

  public String issuer() {
    return issuer;
  }

  @Override
  public String toString() {
    return "TokenService[issuer=" + issuer + ", expiry=" + expiry + ", keyId=" + keyId + "]";
  }
}
