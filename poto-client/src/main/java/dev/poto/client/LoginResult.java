package dev.poto.client;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@code POST {prefix}/_auth/visitor}, {@code _auth/login} and {@code _auth/refresh}: the
 * bearer token a {@link PotoClient} sends from then on, the user id it stands for and when it expires;
 * for a named login on a server with refresh tokens, also the refresh token and when it expires (null
 * otherwise).
 */
public record LoginResult(
    String token,
    String userId,
    Instant expiresAt,
    @JsonProperty(isRequired = OptBoolean.FALSE) String refreshToken,
    @JsonProperty(isRequired = OptBoolean.FALSE) Instant refreshExpiresAt) {
  public LoginResult {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userId, "userId");
  }

  /** A login without a refresh token. */
  public LoginResult(String token, String userId, Instant expiresAt) {
    this(token, userId, expiresAt, null, null);
  }

  /** The tokens are secrets: keep them out of logs. */
  @Override
  public String toString() {
    return "LoginResult[userId=" + userId + ", expiresAt=" + expiresAt + ", token=<hidden>"
        + (refreshToken == null ? "" : ", refreshToken=<hidden>, refreshExpiresAt=" + refreshExpiresAt) + "]";
  }
}
