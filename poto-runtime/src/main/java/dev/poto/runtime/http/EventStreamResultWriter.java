package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.stream.StreamItems;
import java.io.IOException;
import java.io.OutputStream;
import dev.poto.runtime.stream.EventStreamWriter;

/**
 * {@code Stream}, {@code Iterator} and {@code Flow.Publisher} results: a {@code text/event-stream}
 * written by {@link EventStreamWriter}, which reports producer failures, deadlines and departed
 * callers itself (error events, cancellation), so nothing here throws once the answer has started.
 *
 * <p>The answer starts, and its headers are flushed, as soon as the method has returned its stream:
 * the caller's timeout bounds the wait for the headers, and a stream whose first item takes long must
 * not look like a server that does not answer. Headers therefore have to be added before returning.
 * The items are then written by the stream's own thread after the handler has returned
 * ({@link DetachedStream}), so an open stream does not keep the request's thread. Over HTTP/1 on
 * Jetty the stream also takes its connection over from Jetty ({@link TakenOverConnection}), so it does not keep the request's state in
 * Jetty either; the bytes on the wire are the same, and a kept connection goes back to Jetty after it.
 */
final class EventStreamResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) throws IOException {
    EventStreamWriter writer = exchange.runtime().streamWriter();
    StreamItems items = exchange.registeredMethod().streamItems();
    boolean takeOver = TakenOverConnection.possible(exchange.jettyRequest());
    exchange.begin(200, Protocol.EVENT_STREAM);
    streamHeaders((name, value) -> exchange.http().res().setHeader(name, value));
    OutputStream head = exchange.body();
    try {
      head.flush(); // the status and headers go out now
    } catch (IOException e) {
      exchange.context().cancellation().cancel(CancelReasons.CLIENT_GONE);
    }
    TakenOverConnection connection = null;
    OutputStream body = head;
    if (takeOver) {
      Cancellation cancellation = exchange.context().cancellation();
      connection = TakenOverConnection.request(
          exchange.jettyRequest(), () -> cancellation.cancel(CancelReasons.CLIENT_GONE));
      body = connection.body();
    }
    OutputStream out = body;
    exchange.detach(connection, (bursts, ended) ->
        writer.start(result, items, out, bursts, written -> ended.accept(written.problemCode())));
  }

  private static void streamHeaders(java.util.function.BiConsumer<String, String> header) {
    EventStreamWriter.headers(
        (name, value) -> {
          if (!name.equalsIgnoreCase("Content-Type")) { // begin() has set it
            header.accept(name, value);
          }
        });
  }
}
