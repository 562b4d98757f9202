package dev.poto.client;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@code POST {prefix}/_auth/visitor} and {@code POST {prefix}/_auth/login}: the bearer
 * token a {@link PotoClient} sends from then on, the user id it stands for and when it expires.
 */
public record LoginResult(String token, String userId, Instant expiresAt) {
  public LoginResult {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(userId, "userId");
  }

  /** The token is a secret: keep it out of logs. */
  @Override
  public String toString() {
    return "LoginResult[userId=" + userId + ", expiresAt=" + expiresAt + ", token=<hidden>]";
  }
}
