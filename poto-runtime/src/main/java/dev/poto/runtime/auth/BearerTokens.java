package dev.poto.runtime.auth;

import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.poto.runtime.context.PotoUser;
import java.text.ParseException;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.util.Objects;

/**
 * Verifies a bearer token with the identity mode that issued it: Poto's own tokens
 * ({@link TokenService}), and, when configured, those of an external OpenID Connect provider. The
 * token's {@code iss} picks the verifier; each then applies only its own algorithms and keys, so a
 * token naming one issuer cannot be checked by the other's rules.
 */
public final class BearerTokens implements AutoCloseable {
  private final TokenService own;
  private final OidcTokenVerifier provider;

  /** Poto's own tokens only: no provider, so no keys to refresh and no timer. */
  public BearerTokens(TokenService own) {
    this(own, null, null);
  }

  /**
   * @param provider the external provider's settings, or null for Poto's own tokens only
   * @param scheduler where the provider's keys are refreshed in the background (the runtime's);
   *     needed only with a provider
   */
  public BearerTokens(TokenService own, OidcConfig provider, TaskScheduler scheduler) {
    this.own = Objects.requireNonNull(own, "own");
    if (provider != null && own.issuer().equals(provider.issuer())) {
      throw new IllegalStateException("Poto's own tokens and the OIDC provider both use the issuer '"
          + own.issuer() + "'; give Poto's a different one with jwt.issuer(...)");
    }
    this.provider = provider == null ? null : new OidcTokenVerifier(provider, Objects.requireNonNull(scheduler, "scheduler"));
  }

  /**
   * The user a token stands for.
   *
   * @throws TokenRejectedException 401 {@code invalid_token}, {@code token_expired} or {@code unknown_key}
   */
  public PotoUser verify(String token) {
    if (provider == null) {
      return own.verify(token);
    }
    PotoUser known = own.verifiedBefore(token); // one of Poto's own, verified before: no parsing needed
    if (known != null) {
      return known;
    }
    if (!TokenService.canonicalBase64Url(token)) {
      throw TokenRejectedException.invalid("not canonical base64url"); // a re-spelled token is not the signed one
    }
    JWT jwt;
    String issuer;
    try {
      jwt = JWTParser.parse(token);
      issuer = jwt.getJWTClaimsSet().getIssuer();
    } catch (ParseException e) {
      throw TokenRejectedException.invalid("malformed");
    }
    if (own.issuer().equals(issuer)) {
      return own.verify(token);
    }
    if (!provider.issuer().equals(issuer)) {
      throw TokenRejectedException.invalid("unknown issuer");
    }
    return switch (jwt) {
      case SignedJWT signed -> provider.verify(signed);
      case PlainJWT plain -> throw TokenRejectedException.invalid("unsigned (alg none)");
      case EncryptedJWT encrypted -> throw TokenRejectedException.invalid("encrypted tokens are not accepted");
      default -> throw TokenRejectedException.invalid("malformed");
    };
  }

  /** Poto's own tokens. */
  public TokenService own() {
    return own;
  }

  /** Whether an external provider's tokens are accepted. */
  public boolean acceptsProviderTokens() {
    return provider != null;
  }

  /** Releases the provider's HTTP client. */
  @Override
  public void close() {
    if (provider != null) {
      provider.close();
    }
  }
}
