package dev.poto.runtime.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.session.SessionProvider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Rotating refresh tokens for named logins, kept in the session store so that every node sees them
 * (with Redis, across the cluster).
 *
 * <p>A login starts a <em>family</em>: {@code <user id, base64url>.<family id>.<secret>}, 128 random
 * bits of family id and 256 of secret. The store keeps, in the user's session under
 * {@code _poto.refresh.<family id>}, only the SHA-256 of the current secret, the username and the
 * expiry. Each refresh replaces the secret (one atomic update of that key, so two concurrent refreshes
 * with one token cannot both succeed); presenting a secret that is no longer the current one means the
 * token was copied, and revokes the whole family. Logout revokes it too, and so does deleting the
 * user's session.
 */
public final class RefreshTokens {
  static final String KEY_PREFIX = "_poto.refresh.";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final TokenService tokens;
  private final SessionProvider store;
  private final UserProvider users;
  private final Duration accessExpiry;
  private final Duration refreshExpiry;
  private final Clock clock;

  /** What the store keeps per family. */
  record Family(String username, String secretHash, Instant expiresAt) {}

  private enum Outcome { ROTATED, UNKNOWN, EXPIRED, REUSED }

  public RefreshTokens(TokenService tokens, SessionProvider store, UserProvider users, Duration accessExpiry,
      Duration refreshExpiry, Clock clock) {
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.store = Objects.requireNonNull(store, "store");
    this.users = users;
    this.accessExpiry = Objects.requireNonNull(accessExpiry, "accessExpiry");
    this.refreshExpiry = Objects.requireNonNull(refreshExpiry, "refreshExpiry");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A short-lived access token and a new refresh-token family for a user who just logged in. */
  public IssuedToken login(StoredUser user) {
    String familyId = random(16);
    String secret = random(32);
    Instant expiresAt = refreshExpiresAt();
    Family family = new Family(user.username(), hash(secret), expiresAt);
    store.put(user.id(), KEY_PREFIX + familyId, write(family));
    return issue(new PotoUser(user.id(), user.roles()), familyId, secret, expiresAt);
  }

  /**
   * A new access token and the next refresh token of the family.
   *
   * @throws RpcException 401 {@code invalid_refresh_token} for an unknown, expired, revoked or reused
   *     token (a reused one revokes its family), or when the user no longer exists
   */
  public IssuedToken refresh(String refreshToken) {
    Parsed presented = parse(refreshToken);
    String nextSecret = random(32);
    Instant nextExpiry = refreshExpiresAt();
    Instant now = clock.instant();
    AtomicReference<Outcome> outcome = new AtomicReference<>();
    AtomicReference<String> username = new AtomicReference<>();
    // May run more than once (an optimistic store retries): it only computes, the outcome of the last run counts.
    store.update(presented.userId(), presented.key(), current -> {
      if (current.isEmpty()) {
        outcome.set(Outcome.UNKNOWN);
        return Optional.empty();
      }
      Family family = read(current.get());
      if (family == null) {
        outcome.set(Outcome.UNKNOWN);
        return Optional.empty();
      }
      if (!now.isBefore(family.expiresAt())) {
        outcome.set(Outcome.EXPIRED);
        return Optional.empty();
      }
      if (!MessageDigest.isEqual(
          family.secretHash().getBytes(StandardCharsets.US_ASCII), hash(presented.secret()).getBytes(StandardCharsets.US_ASCII))) {
        outcome.set(Outcome.REUSED);
        return Optional.empty(); // the family is revoked: whoever holds its current token must log in again
      }
      outcome.set(Outcome.ROTATED);
      username.set(family.username());
      return Optional.of(write(new Family(family.username(), hash(nextSecret), nextExpiry)));
    });
    switch (outcome.get()) {
      case UNKNOWN -> throw invalid("unknown or revoked; log in again");
      case EXPIRED -> throw invalid("expired; log in again");
      case REUSED -> throw invalid("already used: the token was copied, so every token of this login is revoked; log in again");
      case ROTATED -> { }
    }
    Optional<StoredUser> user = users == null ? Optional.empty() : users.findUser(username.get());
    if (user.isEmpty() || !user.get().id().equals(presented.userId())) {
      store.remove(presented.userId(), presented.key());
      throw invalid("the user no longer exists; log in again");
    }
    // Roles are read again, so a change reaches the user at the next refresh.
    return issue(new PotoUser(user.get().id(), user.get().roles()), presented.familyId(), nextSecret, nextExpiry);
  }

  /** Revokes the family of a refresh token (logout); true when there was one. A malformed token is a 401. */
  public boolean revoke(String refreshToken) {
    Parsed presented = parse(refreshToken);
    return store.remove(presented.userId(), presented.key());
  }

  private IssuedToken issue(PotoUser user, String familyId, String secret, Instant refreshExpiresAt) {
    IssuedToken access = tokens.issue(user, accessExpiry);
    String refreshToken = B64.encodeToString(user.id().getBytes(StandardCharsets.UTF_8)) + "." + familyId + "." + secret;
    return access.withRefresh(refreshToken, refreshExpiresAt);
  }

  private Instant refreshExpiresAt() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(refreshExpiry);
  }

  /** A refresh token cut into its parts. */
  private record Parsed(String userId, String familyId, String secret) {
    String key() {
      return KEY_PREFIX + familyId;
    }
  }

  private static Parsed parse(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3 || parts[1].length() != 22 || parts[2].length() != 43
        || !base64Url(parts[0]) || !base64Url(parts[1]) || !base64Url(parts[2])) {
      throw invalid("malformed");
    }
    String userId;
    try {
      userId = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed");
    }
    if (userId.isEmpty()) {
      throw invalid("malformed");
    }
    return new Parsed(userId, parts[1], parts[2]);
  }

  private static boolean base64Url(String part) {
    if (part.isEmpty()) {
      return false;
    }
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  static RpcException invalid(String why) {
    return new RpcException(401, ProblemCodes.INVALID_REFRESH_TOKEN, "The refresh token is not valid: " + why);
  }

  private static String random(int bytes) {
    byte[] random = new byte[bytes];
    RANDOM.nextBytes(random);
    return B64.encodeToString(random);
  }

  private static String hash(String secret) {
    try {
      return B64.encodeToString(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  private static String write(Family family) {
    try {
      return JSON.writeValueAsString(family);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not write a refresh-token family", e);
    }
  }

  /** The family, or null when the stored value is not one (then it counts as unknown). */
  private static Family read(String json) {
    try {
      Family family = JSON.readValue(json, Family.class);
      return family == null || family.secretHash() == null || family.expiresAt() == null || family.username() == null
          ? null : family;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
