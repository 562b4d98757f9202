package dev.poto.runtime.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.json.StringFields;
import dev.poto.runtime.context.PotoUser;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * {@code _auth/visitor} (an anonymous identity, no password) and {@code _auth/login} (a named user
 * checked by the {@link UserProvider}). Both answer {@code {"token","userId","expiresAt"}} as JSON bytes,
 * within the {@link LoginLimits}: failed logins and visitor tokens are rate-limited, password checks
 * run a bounded number at a time. With refresh tokens on, a login also answers
 * {@code "refreshToken","refreshExpiresAt"}, and {@code _auth/refresh} and {@code _auth/logout} rotate and
 * revoke them ({@link RefreshTokens}).
 */
public final class AuthEndpoints {
  /** The first path segment below the prefix of these endpoints. */
  public static final String ROUTE = "_auth";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final String REFRESH_TOKEN = "refreshToken";
  private static final ObjectWriter TOKEN_WRITER = JSON.writerFor(IssuedToken.class);

  private final TokenService tokens;
  private final UserProvider users;
  private final LoginThrottle throttle;
  private final PasswordCheckGate passwordChecks;
  private final RefreshTokens refreshTokens;

  /**
   * @param users may be null: then every login fails with 401
   * @param store where failed logins and visitor tokens are counted
   */
  public AuthEndpoints(TokenService tokens, UserProvider users, LoginLimits limits, AttemptStore store) {
    this(tokens, users, limits, store, null);
  }

  /**
   * @param users may be null: then every login fails with 401
   * @param store where failed logins and visitor tokens are counted
   * @param refreshTokens may be null: then a login gets one access token and no refresh token
   */
  public AuthEndpoints(TokenService tokens, UserProvider users, LoginLimits limits, AttemptStore store,
      RefreshTokens refreshTokens) {
    this.tokens = tokens;
    this.users = users;
    this.throttle = new LoginThrottle(limits, store);
    this.passwordChecks = new PasswordCheckGate(limits.concurrentPasswordChecks(), limits.passwordCheckWait());
    this.refreshTokens = refreshTokens;
  }

  /**
   * A new visitor: id {@code visitor_} + 128 random bits (base64url), role {@code visitor}.
   *
   * @param body empty or {@code {}}: the endpoint takes no arguments
   * @param address the caller's address, for the per-address visitor limit
   * @throws RetryLaterException 429 {@code too_many_requests} when the address has had its share
   */
  public IssuedToken visitor(byte[] body, String address) {
    StringFields.read(body, "_auth/visitor"); // {} or nothing: it takes no arguments
    throttle.visitor(address);
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    String userId = "visitor_" + Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    return tokens.issue(new PotoUser(userId, Set.of(Protocol.VISITOR_ROLE)));
  }

  /**
   * Checks {@code {"username","password"}}.
   *
   * @param address the caller's address, for the per-address limit of failed logins
   * @throws RpcException 400 for a malformed body, 401 {@code invalid_credentials} for a wrong
   *     username or password (one answer for both), 429 {@code too_many_requests} when the name or the
   *     address has used up its failed logins, 503 {@code server_busy} when no password check could start
   */
  public IssuedToken login(byte[] body, String address) {
    StringFields fields = StringFields.read(body, "_auth/login", "username", "password");
    String username = fields.get("username");
    String password = fields.get("password");
    throttle.beforeLogin(username, address); // a name or address over its limit does not wait for the gate
    Optional<StoredUser> user = passwordChecks.check(() -> {
      // Again once a check may start: failures recorded while this login waited count too, so a burst
      // of concurrent guesses gets no more checks than the limit allows.
      throttle.beforeLogin(username, address);
      return users == null ? Optional.empty() : users.verify(username, password.toCharArray());
    });
    if (user.isEmpty()) {
      throttle.loginFailed(username, address);
      throw new RpcException(401, ProblemCodes.INVALID_CREDENTIALS, "Wrong username or password");
    }
    StoredUser found = user.get();
    return refreshTokens != null ? refreshTokens.login(found) : tokens.issue(new PotoUser(found.id(), found.roles()));
  }

  /**
   * {@code {"refreshToken"}}: a new access token and the next refresh token.
   *
   * @throws RpcException 404 when refresh tokens are off, 401 {@code invalid_refresh_token}
   */
  public IssuedToken refresh(byte[] body) {
    RefreshTokens refresh = refreshTokensOrNotFound("refresh");
    return refresh.refresh(StringFields.read(body, "_auth/refresh", REFRESH_TOKEN).get(REFRESH_TOKEN));
  }

  /**
   * {@code {"refreshToken"}}: revokes the token's login (all of its refresh tokens). Access tokens
   * already issued stay valid until they expire, which is why they are short-lived.
   */
  public void logout(byte[] body) {
    RefreshTokens refresh = refreshTokensOrNotFound("logout");
    refresh.revoke(StringFields.read(body, "_auth/logout", REFRESH_TOKEN).get(REFRESH_TOKEN));
  }

  private RefreshTokens refreshTokensOrNotFound(String action) {
    if (refreshTokens == null) {
      throw new RpcException(404, ProblemCodes.UNKNOWN_METHOD,
          "No auth endpoint '" + action + "': this server issues no refresh tokens");
    }
    return refreshTokens;
  }

  public static byte[] encode(IssuedToken token) {
    try {
      return TOKEN_WRITER.writeValueAsBytes(token);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Could not encode a token answer", e);
    }
  }

}
