package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.json.StringFields;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.auth.AccessControl;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.multiplex.StreamConnection;
import dev.poto.runtime.multiplex.StreamConnections;
import dev.poto.runtime.guard.DisconnectWatcher;
import dev.poto.runtime.stream.EventStreamWriter;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST {prefix}/_streams}: opens a shared stream connection and holds it until the caller
 * leaves; {@code POST {prefix}/_streams/cancel}: cancels one stream on one. Browsers open at most six
 * HTTP/1.1 connections per host and every open event stream holds one, so the TypeScript client
 * carries all of a browser's streams over one such connection (docs/PROTOCOL.md, "Shared stream
 * connections"). The streams themselves are started by ordinary calls (see {@link RpcHandler}).
 */
final class StreamConnectionEndpoint {
  private static final Logger log = LoggerFactory.getLogger(StreamConnectionEndpoint.class);

  private final PotoRuntime runtime;
  private final AccessControl access;
  private final StreamConnections connections;

  StreamConnectionEndpoint(PotoRuntime runtime, AccessControl access) {
    this.runtime = runtime;
    this.access = access;
    this.connections = runtime.streamConnections();
  }

  void handle(Context ctx, String action, String requestId) throws IOException {
    switch (action) {
      case "" -> open(ctx, requestId);
      case Protocol.STREAMS_CANCEL -> cancel(ctx);
      default -> throw new RpcException(
          404, ProblemCodes.UNKNOWN_METHOD, "No stream connection endpoint '" + Printable.of(action) + "'; use cancel");
    }
  }

  /** Opens a connection for a logged-in caller and blocks, writing heartbeats, until it closes. */
  private void open(Context ctx, String requestId) throws IOException {
    PotoUser user = access.requireUser(SingleHeaders.value(ctx, Protocol.AUTHORIZATION));
    RequestBody.read(ctx, runtime.maxBodyBytes()); // same 415/413 rules; the body is ignored
    StreamConnection connection = connections.open(user.id());
    try (DisconnectWatcher watcher = DisconnectWatcher.watch(ctx, connection::close)) {
      ctx.status(200);
      EventStreamWriter.headers((name, value) -> ctx.res().setHeader(name, value));
      OutputStream body = ctx.res().getOutputStream();
      try {
        connection.start(body, runtime.streamHeartbeat(), runtime.scheduler());
        log.debug("Stream connection opened for {} [requestId={}]", user.id(), requestId);
        connection.awaitClosed();
      } catch (IOException e) {
        log.debug("Stream connection of {} failed [requestId={}]", user.id(), requestId, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } finally {
      connections.remove(connection); // cancels what is still open on it
    }
  }

  /** Cancels a stream; answers 204 whether or not it was open, so ids cannot be probed. */
  private void cancel(Context ctx) {
    StringFields request = StringFields.read(
        RequestBody.read(ctx, runtime.maxBodyBytes()), "_streams/cancel", "connection", "stream");
    String connectionId = id(request, "connection");
    String streamId = id(request, "stream");
    StreamConnection connection = connections.findOrNull(connectionId);
    if (connection != null) {
      connection.cancel(streamId);
    }
    ctx.status(204);
  }

  private static String id(StringFields request, String name) {
    String value = request.get(name);
    if (!Protocol.isSafeRequestId(value)) {
      throw new RpcException(400, ProblemCodes.INVALID_ARGUMENT, "'" + name + "' is not a valid id");
    }
    return value;
  }

}
