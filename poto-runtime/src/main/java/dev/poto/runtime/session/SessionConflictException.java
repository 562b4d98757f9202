package dev.poto.runtime.session;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;

/**
 * An atomic session update gave up: concurrent writers changed its key before each of its bounded
 * attempts could write. Nothing was changed; the call answers 409 {@code session_conflict} and may be
 * retried.
 */
public class SessionConflictException extends RpcException {
  public SessionConflictException(String message) {
    super(409, ProblemCodes.SESSION_CONFLICT, message);
  }
}
