package dev.poto.runtime.auth;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;

/**
 * A bearer token that is present but unusable: 401 {@code invalid_token} or {@code token_expired}.
 * The message says what is wrong in general terms and never echoes the token.
 */
public final class TokenRejectedException extends RpcException {
  private TokenRejectedException(String code, String message) {
    super(401, code, message);
  }

  static TokenRejectedException invalid(String why) {
    return new TokenRejectedException(ProblemCodes.INVALID_TOKEN, "The bearer token is not valid: " + why);
  }

  static TokenRejectedException expired() {
    return new TokenRejectedException(ProblemCodes.TOKEN_EXPIRED, "The bearer token has expired; log in again");
  }
}
