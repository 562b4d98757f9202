package dev.poto.runtime.http;

import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of a direct stream's answer, written by a virtual thread of its own once the request's
 * handler has returned (the servlet's asynchronous mode, through Javalin's {@code ctx.future}).
 *
 * <p>A pushed stream (a {@code Flow.Publisher}) has no thread while idle: its first thread subscribes
 * and ends, and each burst of items is written by a short-lived thread of its own, which takes the
 * call up as the first thread did (observation, log context, ScopedValue context) and hands it on
 * when the burst ends; the thread that ends the stream finishes the call.
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

  /** The rest of the answer, started on the stream's first thread in the call's context. */
  @FunctionalInterface
  interface Writing {
    /**
     * Writes the answer, or starts it and returns: {@code bursts} runs later parts on threads of their
     * own (in the call's context). {@code ended} must run once the answer is whole, on the thread
     * that ends it (this one or a burst's).
     */
    void start(Executor bursts, Runnable ended);
  }

  private final CallExchange exchange;
  private final Writing writing;
  private CallGuards guards;
  private CallRecord record;
  private CompletableFuture<Void> done;
  /**
   * Held by the thread carrying the call (the first one, then each burst), so the next takes the
   * call's observation and log context up only once the previous has let them go.
   */
  private final ReentrantLock carrying = new ReentrantLock();
  private CallObserver.HandOff handOff; // guarded by carrying
  private boolean ended; // guarded by carrying
  private boolean finished; // guarded by carrying

  /** @param writing writes the stream; runs in the call's context on the stream's thread */
  DetachedStream(CallExchange exchange, Writing writing) {
    this.exchange = exchange;
    this.writing = writing;
  }

  /** The handler's guards, from now on released by the stream's thread when the stream ends. */
  void keep(CallGuards guards) {
    this.guards = guards;
  }

  /**
   * On the handler's thread, before it returns: hands the call over. The stream's thread starts once
   * Javalin has put the request in asynchronous mode, and the answer completes when the stream ends.
   */
  void start(CallRecord record, CallObserver.Observation observation) {
    record.leaveThread();
    this.record = record;
    this.handOff = observation.handOff();
    Context http = exchange.http();
    http.future(() -> {
      // The stream ends when its source, its deadline, the caller or a drain ends it: no servlet timeout.
      http.req().getAsyncContext().setTimeout(0);
      done = new CompletableFuture<>();
      try {
        newThread(() -> carry(true, () -> writing.start(this::burst, this::ended)));
      } catch (RuntimeException | Error e) {
        finish(handOff.resume(), null); // no thread to write the stream: end the call here
        throw e;
      }
      return done;
    });
  }

  private void burst(Runnable part) {
    newThread(() -> carry(false, part));
  }

  private void newThread(Runnable body) {
    Thread.ofVirtual().name("poto-stream-" + exchange.context().requestId()).start(body);
  }

  private void ended() {
    ended = true; // on the carrying thread, which finishes the call once the part returns
  }

  /**
   * Runs one part of the answer on this thread with the call's observation, log context and
   * ScopedValue context bound; the first part also with its interrupter (a burst's writer binds its
   * own). Ends the call when the stream ended, or when a part failed: the answer is never left open.
   */
  private void carry(boolean first, Runnable part) {
    carrying.lock();
    try {
      if (finished) {
        return;
      }
      CallObserver.Observation observation = handOff.resume();
      record.enterThread();
      RequestContext context = exchange.context();
      VirtualMachineError fatal = null;
      boolean failed = false;
      try (WorkerInterrupter interrupter = first ? WorkerInterrupter.forCurrentThread(context.cancellation()) : null) {
        CallScope.run(context, part);
      } catch (VirtualMachineError e) {
        fatal = e; // not an error event after which the server carries on: it goes to Javalin, as on the handler
      } catch (RuntimeException e) {
        failed = true;
        log.error("Poto stream {} failed while writing its answer [requestId={}]",
            exchange.method().path(), context.requestId(), e);
      } finally {
        if (ended || failed || fatal != null) {
          finished = true;
          finish(observation, fatal);
        } else {
          record.leaveThread(); // idle: no thread holds the call until the next burst
          handOff = observation.handOff();
        }
      }
    } finally {
      carrying.unlock();
    }
  }

  /** Ends the call; a fatal error goes on to Javalin's handling of errors (see {@link FatalResult}). */
  private void finish(CallObserver.Observation observation, VirtualMachineError fatal) {
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
