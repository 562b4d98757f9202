package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.stream.EventStreamWriter;
import dev.poto.runtime.stream.StreamItems;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.guard.WorkerInterrupter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stream result that travels on a shared connection: the call itself is answered at once with
 * {@code 200 {"stream":"<id>"}} (so it does not hold a browser connection), and the stream is written
 * by the same {@link EventStreamWriter} as a direct one, on a virtual thread of its own, inside the
 * call's own context (so module code producing items sees its caller, its cancellation and its
 * deadline exactly as for a direct stream), with its frames tagged and sent on the connection. A
 * publisher's stream has no thread while idle, as a direct one (see {@link EventStreamWriter#start}).
 */
final class SharedStreamWriter implements ResultWriter {
  private final DeadlineScheduler deadlines;

  SharedStreamWriter(DeadlineScheduler deadlines) {
    this.deadlines = deadlines;
  }

  @Override
  public void write(CallExchange exchange, Object result) {
    SharedStream shared = exchange.sharedStream();
    RequestContext context = exchange.context();
    StreamItems items = exchange.registeredMethod().streamItems();
    exchange.begin(200, Protocol.JSON);
    exchange.http().result(("{\"stream\":\"" + shared.streamId() + "\"}").getBytes(StandardCharsets.US_ASCII));
    shared.handOver();
    EventStreamWriter writer = exchange.runtime().streamWriter();
    String threadName = "poto-shared-stream-" + context.requestId();
    Thread.ofVirtual().name(threadName).start(() -> {
      Scheduled deadline = deadlines.arm(context);
      AtomicBoolean released = new AtomicBoolean();
      Runnable ended = () -> {
        if (released.compareAndSet(false, true)) {
          deadline.close();
          shared.release();
        }
      };
      try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(context.cancellation())) {
        // A pulled stream is written here; a publisher's items later, by bursts on threads of their own.
        CallScope.run(context, () -> writer.start(
            result, items, shared.connection().framesOf(shared.streamId()),
            burst -> Thread.ofVirtual().name(threadName).start(burst), written -> ended.run()));
      } catch (RuntimeException | Error e) {
        ended.run();
        throw e;
      }
    });
  }
}
