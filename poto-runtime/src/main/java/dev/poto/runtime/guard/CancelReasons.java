package dev.poto.runtime.guard;

import dev.poto.protocol.ProblemCodes;

/** The reasons the runtime gives {@link dev.poto.runtime.context.Cancellation#cancel(String)}. */
public final class CancelReasons {
  private CancelReasons() {}

  /** The caller closed the connection (or reset the HTTP/2 stream). */
  public static final String CLIENT_GONE = "client_gone";

  /** The caller's {@code Poto-Timeout-Ms} deadline passed; also the problem code of the 504. */
  public static final String DEADLINE_EXCEEDED = ProblemCodes.DEADLINE_EXCEEDED;

  /** The server is stopping (graceful shutdown); also the problem code of the 503 or stream error. */
  public static final String SHUTTING_DOWN = ProblemCodes.SHUTTING_DOWN;
}
