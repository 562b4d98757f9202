package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.multiplex.StreamConnection;
import dev.poto.runtime.multiplex.StreamConnections;

/**
 * A stream call whose frames go to a shared connection: its place on the connection is reserved
 * before the method runs and released when the stream ends, or at once if it never starts.
 */
final class SharedStream {
  private final StreamConnection connection;
  private final String streamId;
  private volatile boolean handedOver;

  private SharedStream(StreamConnection connection, String streamId) {
    this.connection = connection;
    this.streamId = streamId;
  }

  /**
   * Checks the call's {@code Poto-Stream-Connection} and {@code Poto-Stream-Id} and reserves the
   * stream's place. A connection of another user answers like an unknown one, so ids cannot be probed.
   *
   * @throws RpcException 400 {@code invalid_argument} (missing or bad stream id, id in use), 404
   *     {@code unknown_connection}, 429 {@code too_many_streams}
   */
  static SharedStream reserve(StreamConnections connections, String connectionId, String streamId, RequestContext context) {
    if (streamId == null || !Protocol.isSafeRequestId(streamId)) {
      throw new RpcException(
          400, ProblemCodes.INVALID_ARGUMENT,
          Protocol.STREAM_ID_HEADER + " must be 1 to 64 characters of [A-Za-z0-9._-] next to " + Protocol.STREAM_CONNECTION_HEADER);
    }
    StreamConnection connection = connections.find(connectionId);
    if (context.user().isEmpty() || !context.user().get().id().equals(connection.owner())) {
      throw connections.unknownConnectionProblem();
    }
    connection.reserve(streamId, context.cancellation());
    return new SharedStream(connection, streamId);
  }

  StreamConnection connection() {
    return connection;
  }

  String streamId() {
    return streamId;
  }

  /** From here on the stream's writer owns the reservation and releases it when the stream ends. */
  void handOver() {
    handedOver = true;
  }

  boolean handedOver() {
    return handedOver;
  }

  void release() {
    connection.release(streamId);
  }
}
