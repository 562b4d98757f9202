package dev.poto.runtime.session;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;

/** The session store cannot be reached: the call answers 503 {@code session_unavailable}. */
public class SessionUnavailableException extends RpcException {
  public SessionUnavailableException(String message, Throwable cause) {
    super(503, ProblemCodes.SESSION_UNAVAILABLE, message, null, cause);
  }
}
