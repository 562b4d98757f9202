package dev.poto.runtime.http;

import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import io.javalin.http.Context;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rest of a direct stream's answer, written by a virtual thread of its own once the request's
 * handler has returned: over HTTP/1 on Jetty on the connection taken over from Jetty
 * ({@link TakenOverConnection}), otherwise in the servlet's asynchronous mode (Javalin's
 * {@code ctx.future}).
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
     * own (in the call's context). {@code ended} must run once the answer is whole, with the answer's
     * problem code or null, on the thread that ends it (this one or a burst's).
     */
    void start(Executor bursts, Consumer<String> ended);
  }

  private final RequestContext context;
  private final String path;
  private final Writing writing;
  /** The stream's own connection from the head on, or null: the answer completes through Javalin. */
  private final TakenOverConnection connection;
  private final int status;
  private final Context http; // null when the connection was taken over
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

  /**
   * @param connection the connection taken over for the rest of the answer, or null to complete it
   *     through Javalin
   * @param writing writes the stream; runs in the call's context on the stream's thread
   */
  DetachedStream(CallExchange exchange, TakenOverConnection connection, Writing writing) {
    this.context = exchange.context();
    this.path = exchange.method().path();
    this.writing = writing;
    this.connection = connection;
    this.status = exchange.http().statusCode();
    this.http = connection == null ? exchange.http() : null;
    if (connection != null) {
      exchange.keepHeadersPastRequest();
    }
  }

  /** The handler's guards, from now on released by the stream's thread when the stream ends. */
  void keep(CallGuards guards) {
    this.guards = guards;
  }

  /**
   * On the handler's thread, before it returns: hands the call over. With a taken-over connection the
   * stream's thread starts now and the request completes in Jetty when the handler returns (the
   * connection is the stream's from then on); otherwise the stream's thread starts once Javalin has
   * put the request in asynchronous mode, and the answer completes when the stream ends.
   */
  void start(CallRecord record, CallObserver.Observation observation) {
    record.leaveThread();
    this.record = record;
    this.handOff = observation.handOff();
    if (connection != null) {
      // Nothing may read the connection when Jetty completes the request, and nothing of the request is
      // kept past it: the connection watches the caller now, the record reads the call's headers.
      if (guards != null) {
        guards.releaseWatcher();
      }
      record.readHeadersFrom(context::header);
      startFirstThread();
      return;
    }
    Context javalin = http;
    javalin.future(() -> {
      // The stream ends when its source, its deadline, the caller or a drain ends it: no servlet timeout.
      javalin.req().getAsyncContext().setTimeout(0);
      done = new CompletableFuture<>();
      startFirstThread();
      return done;
    });
  }

  private void startFirstThread() {
    try {
      newThread(() -> carry(true, () -> writing.start(this::burst, this::ended)));
    } catch (RuntimeException | Error e) {
      finish(handOff.resume(), null, false); // no thread to write the stream: end the call here
      throw e;
    }
  }

  private void burst(Runnable part) {
    newThread(() -> carry(false, part));
  }

  private void newThread(Runnable body) {
    Thread.ofVirtual().name("poto-stream-" + context.requestId()).start(body);
  }

  private void ended(String problemCode) {
    if (problemCode != null) {
      record.code(problemCode);
    }
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
      VirtualMachineError fatal = null;
      boolean failed = false;
      try (WorkerInterrupter interrupter = first ? WorkerInterrupter.forCurrentThread(context.cancellation()) : null) {
        CallScope.run(context, part);
      } catch (VirtualMachineError e) {
        fatal = e; // not an error event after which the server carries on: it goes to Javalin, as on the handler
      } catch (RuntimeException e) {
        failed = true;
        log.error("Poto stream {} failed while writing its answer [requestId={}]",
            path, context.requestId(), e);
      } finally {
        if (ended || failed || fatal != null) {
          finished = true;
          finish(observation, fatal, ended && !failed && fatal == null);
        } else {
          record.leaveThread(); // idle: no thread holds the call until the next burst
          handOff = observation.handOff();
        }
      }
    } finally {
      carrying.unlock();
    }
  }

  /**
   * Ends the call. A fatal error goes on to Javalin's handling of errors (see {@link FatalResult}), or,
   * once the connection was taken over from Jetty, is logged and thrown on; a taken-over connection gets
   * the answer's end only when the stream is {@code whole} (its end or error frame written), else it is
   * closed so the caller sees a broken answer.
   */
  private void finish(CallObserver.Observation observation, VirtualMachineError fatal, boolean whole) {
    try {
      if (guards != null) {
        guards.close(); // the disconnect watcher lets go of the connection before the answer completes
      }
    } finally {
      if (connection != null) {
        record.finish(status, connection.bytesWritten());
        observation.end(record);
        connection.end(whole);
        if (fatal != null) {
          log.error("Poto stream {} ended by a fatal error [requestId={}]", path, context.requestId(), fatal);
          throw fatal;
        }
      } else {
        record.finish(http.statusCode(), ResponseBytes.of(http));
        observation.end(record);
        if (fatal != null) {
          http.result(new FatalResult(fatal));
        }
        done.complete(null); // Javalin completes the answer
      }
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
