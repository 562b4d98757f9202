package dev.poto.runtime.auth;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;

/**
 * A bearer token that is present but unusable: 401 {@code invalid_token}, {@code token_expired} or
 * {@code unknown_key}.
 * The message says what is wrong in general terms and never echoes the token.
 */
public final class TokenRejectedException extends RpcException {
  private TokenRejectedException(String code, String message) {
    super(401, code, message);
  }

  static TokenRejectedException invalid(String why) {
    return new TokenRejectedException(ProblemCodes.INVALID_TOKEN, "The bearer token is not valid: " + why);
  }

  /** The token names a signing key that is not (or no longer, or not yet) known. */
  static TokenRejectedException unknownKey() {
    return new TokenRejectedException(
        ProblemCodes.UNKNOWN_KEY, "The bearer token's signing key is not known; log in again");
  }

  /** A provider token arrived, but the provider's keys could not be fetched yet. */
  static TokenRejectedException keysUnavailable() {
    return new TokenRejectedException(
        ProblemCodes.UNKNOWN_KEY, "The bearer token's signing key is not known: the provider's keys could not be fetched");
  }

  static TokenRejectedException expired() {
    return new TokenRejectedException(ProblemCodes.TOKEN_EXPIRED, "The bearer token has expired; log in again");
  }
}
