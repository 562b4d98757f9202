package dev.poto.runtime.auth;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.dispatch.MethodAccess;
import java.util.Locale;

/**
 * Decides who may call a method: any present token must be valid (even on {@code @Public}); without
 * {@code @Public} a token is required; with {@code @Roles} the caller needs one of them.
 */
public final class AccessControl {
  private static final String SCHEME = Protocol.BEARER.strip();
  private final BearerTokens tokens;

  public AccessControl(BearerTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * The caller, or null for an anonymous call to a {@code @Public} method.
   *
   * @param authorization the {@code Authorization} header, or null
   * @throws RpcException 401 ({@code unauthenticated}, {@code invalid_token}, {@code token_expired})
   *     or 403 ({@code forbidden})
   */
  public PotoUser authorize(MethodAccess method, String authorization) {
    PotoUser user = authorization == null ? null : tokens.verify(bearerToken(authorization));
    if (user == null) {
      if (method.publicAccess() && method.roles().isEmpty()) {
        return null;
      }
      throw new RpcException(
          401, ProblemCodes.UNAUTHENTICATED,
          "This method needs a bearer token; get one from _auth/visitor or _auth/login");
    }
    if (!method.roles().isEmpty() && method.roles().stream().noneMatch(user::hasRole)) {
      throw new RpcException(
          403, ProblemCodes.FORBIDDEN, "This method needs one of the roles " + method.roles().stream().sorted().toList());
    }
    return user;
  }

  /**
   * The caller of an endpoint that needs a login of any kind (a visitor will do).
   *
   * @throws RpcException 401 ({@code unauthenticated}, {@code invalid_token}, {@code token_expired})
   */
  public PotoUser requireUser(String authorization) {
    if (authorization == null) {
      throw new RpcException(
          401, ProblemCodes.UNAUTHENTICATED, "This endpoint needs a bearer token; get one from _auth/visitor or _auth/login");
    }
    return tokens.verify(bearerToken(authorization));
  }

  /**
   * The token of {@code Bearer <token>} (scheme case-insensitive, whitespace around both parts
   * ignored), cut out with one substring: this runs on every call.
   */
  private static String bearerToken(String authorization) {
    int start = 0;
    int end = authorization.length();
    while (start < end && Character.isWhitespace(authorization.charAt(start))) {
      start++;
    }
    while (end > start && Character.isWhitespace(authorization.charAt(end - 1))) {
      end--;
    }
    int schemeEnd = start + SCHEME.length();
    if (end <= schemeEnd
        || !authorization.regionMatches(true, start, SCHEME, 0, SCHEME.length())
        || !Character.isWhitespace(authorization.charAt(schemeEnd))) {
      throw TokenRejectedException.invalid("the Authorization header must be 'Bearer <token>'");
    }
    int tokenStart = schemeEnd;
    while (tokenStart < end && Character.isWhitespace(authorization.charAt(tokenStart))) {
      tokenStart++;
    }
    if (tokenStart == end) {
      throw TokenRejectedException.invalid("empty token");
    }
    return authorization.substring(tokenStart, end);
  }
}
