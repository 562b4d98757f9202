package dev.poto.runtime.http;

import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of a direct stream's answer, written by a virtual thread of its own once the request's
 * handler has returned (the servlet's asynchronous mode, through Javalin's {@code ctx.future}).
 *
 * <p>Why: a stream may stay open and idle for hours. Written on the handler's thread, it kept that
 * thread's whole stack (Jetty, Javalin, Poto's handler) and what libraries cache per thread (the JWT
 * library's JSON buffers) for the stream's life, about 29 KB per idle stream. The stream's own thread
 * starts with a shallow stack and holds only the stream's state, as a stream over a shared connection
 * does.
 *
 * <p>Nothing of the call is lost on the way: the stream is written inside the call's
 * {@code ScopedValue} context (module code producing items sees its caller), its thread is
 * interrupted when the call is cancelled, the call's {@link CallGuards} (disconnect watcher, deadline,
 * the drain's registration) stay armed until the stream ends, the log context and the trace span move
 * with it, and the call's record (access log, metrics) is finished when the stream ends, before the
 * answer completes.
 */
final class DetachedStream {
  private static final Logger log = LoggerFactory.getLogger(DetachedStream.class);

  private final CallExchange exchange;
  private final Runnable write;
  private CallGuards guards;

  /** @param write writes the whole stream; runs in the call's context on the stream's thread */
  DetachedStream(CallExchange exchange, Runnable write) {
    this.exchange = exchange;
    this.write = write;
  }

  /** The handler's guards, from now on released by the stream's thread when the stream ends. */
  void keep(CallGuards guards) {
    this.guards = guards;
  }

  /**
   * On the handler's thread, before it returns: hands the call over. The stream's thread starts once
   * Javalin has put the request in asynchronous mode, and the answer completes when it ends.
   */
  void start(CallRecord record, CallObserver.Observation observation) {
    record.leaveThread();
    CallObserver.HandOff handOff = observation.handOff();
    Context http = exchange.http();
    http.future(() -> {
      // The stream ends when its source, its deadline, the caller or a drain ends it: no servlet timeout.
      http.req().getAsyncContext().setTimeout(0);
      CompletableFuture<Void> done = new CompletableFuture<>();
      try {
        Thread.ofVirtual()
            .name("poto-stream-" + exchange.context().requestId())
            .start(() -> run(record, handOff, done));
      } catch (RuntimeException | Error e) {
        finish(record, handOff.resume(), done, null); // no thread to write the stream: end the call here
        throw e;
      }
      return done;
    });
  }

  private void run(CallRecord record, CallObserver.HandOff handOff, CompletableFuture<Void> done) {
    CallObserver.Observation observation = handOff.resume();
    record.enterThread();
    RequestContext context = exchange.context();
    VirtualMachineError fatal = null;
    try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(context.cancellation())) {
      CallScope.run(context, write);
    } catch (VirtualMachineError e) {
      fatal = e; // not an error event after which the server carries on: it goes to Javalin, as on the handler
    } catch (RuntimeException e) {
      log.error("Poto stream {} failed while writing its answer [requestId={}]",
          exchange.method().path(), context.requestId(), e);
    } finally {
      finish(record, observation, done, fatal);
    }
  }

  /** Ends the call; a fatal error goes on to Javalin's handling of errors (see {@link FatalResult}). */
  private void finish(
      CallRecord record, CallObserver.Observation observation, CompletableFuture<Void> done, VirtualMachineError fatal) {
    try {
      if (guards != null) {
        guards.close(); // the disconnect watcher lets go of the connection before the answer completes
      }
    } finally {
      record.finish(exchange.http().statusCode(), ResponseBytes.of(exchange.http()));
      observation.end(record);
      if (fatal != null) {
        exchange.http().result(new FatalResult(fatal));
      }
      done.complete(null); // Javalin completes the answer
    }
  }

  /**
   * Hands a {@link VirtualMachineError} of the stream's thread to Javalin's handling of errors, where
   * the same error thrown on the handler's thread goes: Javalin reads a result left on the context
   * when the asynchronous answer completes, and what the read throws goes to its handler for
   * {@code java.lang.Error}s. (A future completed exceptionally would reach it wrapped in a
   * {@code CompletionException}, which Javalin does not treat as an {@code Error}.)
   */
  private static final class FatalResult extends java.io.InputStream {
    private final VirtualMachineError error;

    FatalResult(VirtualMachineError error) {
      this.error = error;
    }

    @Override
    public int read() {
      throw error;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      throw error;
    }
  }
}
