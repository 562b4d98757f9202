package dev.poto.runtime.auth;

import dev.poto.runtime.scheduling.TaskScheduler;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import dev.poto.runtime.context.PotoUser;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a token of the configured OpenID Connect provider and maps it to a {@link PotoUser}: the
 * algorithm must be one of the configured ones (never the token's choice), the signature must verify
 * with a key the provider publishes under the token's {@code kid}, {@code iss} must be the issuer,
 * {@code aud} must name one of the audiences, {@code exp} must be present and, like {@code nbf}, hold
 * within the clock skew. The user id and roles come from the configured claims.
 */
final class OidcTokenVerifier implements AutoCloseable {
  private final OidcConfig config;
  private final ProviderKeys keys;
  private final DefaultJWTClaimsVerifier<SecurityContext> timeClaims;

  OidcTokenVerifier(OidcConfig config, TaskScheduler scheduler) {
    config.validate();
    this.config = config;
    this.keys = new ProviderKeys(config, scheduler);
    // Issuer and audience are checked below with answers that never echo the token; this checks
    // exp (required), nbf and the clock skew, on the configured clock.
    this.timeClaims =
        new DefaultJWTClaimsVerifier<>(null, null, Set.of("exp"), null) {
          @Override
          protected Date currentTime() {
            return Date.from(config.clock().instant());
          }
        };
    timeClaims.setMaxClockSkew((int) config.clockSkew().toSeconds());
  }

  String issuer() {
    return config.issuer();
  }

  /**
   * @throws TokenRejectedException 401 {@code invalid_token}, {@code token_expired} or {@code unknown_key}
   */
  PotoUser verify(SignedJWT jwt) {
    JWSHeader header = jwt.getHeader();
    if (!config.algorithms().contains(header.getAlgorithm())) {
      throw TokenRejectedException.invalid("signing algorithm not accepted");
    }
    List<JWK> candidates = keys.keysFor(header);
    if (candidates.isEmpty()) {
      throw keys.hasKeys()
          ? TokenRejectedException.unknownKey()
          : TokenRejectedException.keysUnavailable();
    }
    if (!signedByOneOf(jwt, candidates)) {
      throw TokenRejectedException.invalid("bad signature");
    }
    JWTClaimsSet claims;
    try {
      claims = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      throw TokenRejectedException.invalid("malformed claims");
    }
    if (!config.issuer().equals(claims.getIssuer())) {
      throw TokenRejectedException.invalid("wrong issuer");
    }
    List<String> audience = claims.getAudience();
    if (audience == null || audience.stream().noneMatch(config.audiences()::contains)) {
      throw TokenRejectedException.invalid("wrong audience");
    }
    try {
      timeClaims.verify(claims, null);
    } catch (ExpiredJWTException e) {
      throw TokenRejectedException.expired();
    } catch (BadJWTException e) {
      throw TokenRejectedException.invalid(e.getMessage()); // a fixed text: "JWT before use time", ...
    }
    return new PotoUser(userId(claims), roles(claims));
  }

  private static boolean signedByOneOf(SignedJWT jwt, List<JWK> candidates) {
    for (JWK key : candidates) {
      try {
        if (jwt.verify(verifierFor(key))) {
          return true;
        }
      } catch (JOSEException | IllegalStateException e) {
        // an unusable key or a signature of the wrong shape: try the next key, then refuse
      }
    }
    return false;
  }

  private static JWSVerifier verifierFor(JWK key) throws JOSEException {
    return switch (key) {
      case RSAKey rsa -> new RSASSAVerifier(rsa);
      case ECKey ec -> new ECDSAVerifier(ec);
      case OctetKeyPair okp -> new Ed25519Verifier(okp);
      default -> throw new JOSEException("unsupported key type " + key.getKeyType());
    };
  }

  private String userId(JWTClaimsSet claims) {
    Object value = ClaimPaths.read(claims.getClaims(), config.userIdClaim());
    if (!(value instanceof String id) || id.isBlank()) {
      throw TokenRejectedException.invalid("the user id claim '" + config.userIdClaim() + "' must be a non-empty string");
    }
    return id;
  }

  private Set<String> roles(JWTClaimsSet claims) {
    if (config.rolesClaim() == null) {
      return Set.of();
    }
    Object value = ClaimPaths.read(claims.getClaims(), config.rolesClaim());
    if (value == null) {
      return Set.of();
    }
    Set<String> roles = new LinkedHashSet<>();
    if (value instanceof String names) {
      for (String name : names.strip().split("\\s+")) {
        if (!name.isEmpty()) {
          roles.add(name);
        }
      }
    } else if (value instanceof List<?> list) {
      for (Object role : list) {
        if (!(role instanceof String name)) {
          throw TokenRejectedException.invalid("the roles claim '" + config.rolesClaim() + "' must hold strings");
        }
        roles.add(name);
      }
    } else {
      throw TokenRejectedException.invalid(
          "the roles claim '" + config.rolesClaim() + "' must be an array of strings or a space-separated string");
    }
    return Set.copyOf(roles);
  }

  @Override
  public void close() {
    keys.close();
  }

  /** Reads a claim by name, or by a dotted path of nested objects when no claim has that whole name. */
  static final class ClaimPaths {
    private ClaimPaths() {}

    static Object read(Map<String, Object> claims, String path) {
      if (claims.containsKey(path)) {
        return claims.get(path);
      }
      Object current = claims;
      for (String name : path.split("\\.", -1)) {
        if (!(current instanceof Map<?, ?> object)) {
          return null;
        }
        current = object.get(name);
      }
      return current;
    }
  }
}
