package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoRuntime;
import dev.poto.runtime.stream.EventStreamWriter;
import dev.poto.runtime.stream.TaskScheduler;

/**
 * {@code Stream}, {@code Iterator} and {@code Flow.Publisher} results: a {@code text/event-stream}
 * written by {@link EventStreamWriter}, which reports producer failures, deadlines and departed
 * callers itself (error events, cancellation), so nothing here throws once the answer has started.
 */
final class EventStreamResultWriter implements ResultWriter {
  @Override
  public void write(CallExchange exchange, Object result) {
    PotoRuntime runtime = exchange.runtime();
    EventStreamWriter writer =
        new EventStreamWriter(
            runtime.streamHeartbeat(), TaskScheduler.system(), runtime.streamMetrics(),
            EventStreamWriter.DEFAULT_PUBLISHER_BATCH, runtime.streamFlushDelay());
    writer.write(
        result,
        exchange.resultWriter(),
        exchange.lazyBody(200, Protocol.EVENT_STREAM, EventStreamResultWriter::streamHeaders));
    if (!exchange.started()) {
      // Only when the caller left before the first frame: there is nobody to answer.
      exchange.begin(200, Protocol.EVENT_STREAM);
    }
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
