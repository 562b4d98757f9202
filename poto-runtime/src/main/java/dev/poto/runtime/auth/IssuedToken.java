package dev.poto.runtime.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The answer of the login endpoints: {@code {"token","userId","expiresAt"}}, and for a named login with
 * refresh tokens on, {@code "refreshToken","refreshExpiresAt"} too (absent otherwise).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuedToken(String token, String userId, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {

  public IssuedToken(String token, String userId, Instant expiresAt) {
    this(token, userId, expiresAt, null, null);
  }

  /** This access token with a refresh token. */
  IssuedToken withRefresh(String refreshToken, Instant refreshExpiresAt) {
    return new IssuedToken(token, userId, expiresAt, refreshToken, refreshExpiresAt);
  }

  /** The tokens are secrets: keep them out of logs. */
  @Override
  public String toString() {
    return "IssuedToken[userId=" + userId + ", expiresAt=" + expiresAt + ", refreshExpiresAt=" + refreshExpiresAt + "]";
  }
}
