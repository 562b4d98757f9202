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

  private static String bearerToken(String authorization) {
    String scheme = Protocol.BEARER.strip();
    String value = authorization.strip();
    if (value.length() <= scheme.length()
        || !value.substring(0, scheme.length()).toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))
        || !Character.isWhitespace(value.charAt(scheme.length()))) {
      throw TokenRejectedException.invalid("the Authorization header must be 'Bearer <token>'");
    }
    String token = value.substring(scheme.length()).strip();
    if (token.isEmpty()) {
      throw TokenRejectedException.invalid("empty token");
    }
    return token;
  }
}
