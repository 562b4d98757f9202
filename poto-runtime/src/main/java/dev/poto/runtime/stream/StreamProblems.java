package dev.poto.runtime.stream;

import dev.poto.protocol.DomainException;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import org.eclipse.jetty.http.HttpStatus;

/** The problem+json bodies of stream error events. */
public final class StreamProblems {
  private StreamProblems() {}

  /**
   * What the caller learns about a producer failure: an {@link RpcException} keeps its status, code
   * and message; anything else is a 500 {@code internal_error} that names only the request id (the
   * details go to the server log, never to the caller). A declared {@link DomainException} is answered
   * with its fields only when the method call itself throws it (before the stream starts); raised while
   * items are produced, it is a 500 like any unexpected exception, never a problem without its fields.
   */
  public static Problem forFailure(Throwable failure, String requestId) {
    if (keepsItsCode(failure) && failure instanceof RpcException e) {
      return Problem.of(e.status(), e.code(), HttpStatus.getMessage(e.status()), e.detail(), requestId);
    }
    return Problem.of(
        500,
        ProblemCodes.INTERNAL_ERROR,
        HttpStatus.getMessage(500),
        "The server failed while producing this stream; quote request id " + requestId
            + " to find the details in the server log",
        requestId);
  }

  /** Whether the error event of {@code failure} carries the failure's own status and code. */
  public static boolean keepsItsCode(Throwable failure) {
    return failure instanceof RpcException && !(failure instanceof DomainException);
  }

  public static Problem deadlineExceeded(String requestId) {
    return Problem.of(
        504,
        ProblemCodes.DEADLINE_EXCEEDED,
        HttpStatus.getMessage(504),
        "The call's deadline (Poto-Timeout-Ms) passed before the stream ended",
        requestId);
  }

  /** The stream's last event when the server stops: the caller may call again (on another node). */
  public static Problem shuttingDown(String requestId) {
    return Problem.of(
        503,
        ProblemCodes.SHUTTING_DOWN,
        HttpStatus.getMessage(503),
        "The server is shutting down and ended this stream; call again to continue",
        requestId);
  }
}
