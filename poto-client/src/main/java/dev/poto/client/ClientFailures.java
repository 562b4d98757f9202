package dev.poto.client;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.io.IOException;
import java.net.URI;

/**
 * The {@link RpcException}s the client raises itself, when no server problem describes the failure.
 * Their statuses are chosen so that a caller who only looks at the status still reacts sensibly.
 */
public final class ClientFailures {
  private ClientFailures() {}


  static final int TRANSPORT_STATUS = 503;
  static final int DEADLINE_STATUS = 504;
  static final int STREAM_BROKEN_STATUS = 502;
  static final int INVALID_RESPONSE_STATUS = 502;
  static final int CANCELLED_STATUS = 499;

  static RpcException transport(URI uri, IOException cause) {
    return new RpcException(TRANSPORT_STATUS, ProblemCodes.TRANSPORT_ERROR,
        "no answer from " + uri + ": " + describe(cause), null, cause);
  }

  static RpcException deadline(URI uri, IOException cause) {
    return new RpcException(DEADLINE_STATUS, ProblemCodes.DEADLINE_EXCEEDED,
        "no answer from " + uri + " before the deadline", null, cause);
  }

  static RpcException interrupted(URI uri, InterruptedException cause) {
    return new RpcException(CANCELLED_STATUS, ProblemCodes.CANCELLED,
        "the calling thread was interrupted while waiting for " + uri, null, cause);
  }

  static RpcException streamBroken(String message, String requestId, Throwable cause) {
    return new RpcException(STREAM_BROKEN_STATUS, ProblemCodes.STREAM_BROKEN, message, requestId, cause);
  }

  static RpcException streamClosed(String requestId) {
    return new RpcException(CANCELLED_STATUS, ProblemCodes.CANCELLED,
        "the stream was closed or its reading thread interrupted", requestId, null);
  }

  static RpcException frameTooLarge(String message, String requestId, Throwable cause) {
    return new RpcException(INVALID_RESPONSE_STATUS, ProblemCodes.FRAME_TOO_LARGE, message, requestId, cause);
  }

  static RpcException invalidResponse(String message, String requestId, Throwable cause) {
    return new RpcException(INVALID_RESPONSE_STATUS, ProblemCodes.INVALID_RESPONSE, message, requestId, cause);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }
}
