package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.observability.CallRecord;
import dev.poto.runtime.guard.CancelReasons;
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
 * ({@link DetachedStream}), so an open stream does not keep the request's thread.
 *
 * <p>The servlet output's own aggregation is turned off ({@link #NO_AGGREGATION}): the stream already
 * gathers its frames ({@code EventStreamOutput}), and Jetty's aggregate buffer, taken from its pool at
 * the first small write, is only given back when the answer completes: 32 KiB of direct memory held
 * by every idle open stream.
 */
final class EventStreamResultWriter implements ResultWriter {
  /**
   * The servlet buffer size of a stream's answer: Jetty aggregates only writes up to this size, and
   * every frame write is larger (the servlet API has no zero; Jetty raises 0 to 1).
   */
  static final int NO_AGGREGATION = 1;

  @Override
  public void write(CallExchange exchange, Object result) throws IOException {
    PotoRuntime runtime = exchange.runtime();
    EventStreamWriter writer =
        new EventStreamWriter(
            runtime.streamHeartbeat(), runtime.scheduler(), runtime.streamMetrics(),
            EventStreamWriter.DEFAULT_PUBLISHER_BATCH, runtime.streamFlushDelay());
    exchange.http().res().setBufferSize(NO_AGGREGATION); // before anything is written
    exchange.begin(200, Protocol.EVENT_STREAM);
    streamHeaders((name, value) -> exchange.http().res().setHeader(name, value));
    OutputStream body = exchange.body();
    try {
      body.flush(); // the status and headers go out now
    } catch (IOException e) {
      exchange.context().cancellation().cancel(CancelReasons.CLIENT_GONE);
    }
    exchange.detach(() -> {
      EventStreamWriter.Result written = writer.write(result, exchange.registeredMethod().streamItems(), body);
      if (written.problemCode() != null) {
        CallRecord.problem(exchange.http(), written.problemCode());
      }
    });
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
