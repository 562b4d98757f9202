package dev.poto.runtime.stream;

import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.guard.DisconnectWatcher;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.guard.CancelReasons;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.json.JsonLimits;
import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.context.RequestContext;
import java.io.OutputStream;
import dev.poto.runtime.scheduling.Scheduled;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a stream result ({@code Stream<T>}, {@code Iterator<T>} or {@code Flow.Publisher<T>}) as a
 * {@code text/event-stream} body, framed as docs/PROTOCOL.md says:
 *
 * <pre>
 * event: item\ndata: &lt;json&gt;\n\n          one per item, encoded when produced
 * : ping\n\n                                  after each idle heartbeat interval
 * event: end\ndata: {"count":N}\n\n           after the last item
 * event: error\ndata: &lt;problem json&gt;\n\n   instead of end when the producer fails or the deadline passes
 * </pre>
 *
 * <p><b>Context and threads.</b> {@link #write} and {@link #start} must be called inside the caller's
 * ScopedValue context (the handler calls them from within {@code Poto.callWith}); they read the call
 * from {@link CallScope#current()} and fail fast otherwise. A {@code Stream} or {@code Iterator} is
 * pulled on that thread, so module code producing items sees {@code Poto.currentUser()}. A
 * {@code Publisher} pushes: it is subscribed to on that thread, and its items are written by
 * short-lived threads, one burst at a time, each inside the caller's context (where {@code request}
 * is called), so an idle pushed stream holds no thread; a publisher that emits from its own threads
 * must capture what it needs from the context before returning (see {@link PublisherSource}).
 *
 * <p><b>Heartbeats.</b> One {@link HeartbeatSweep} per writer pings every stream quiet for the
 * heartbeat interval; a runtime keeps one writer for all its streams.
 *
 * <p><b>Flushing.</b> Items are buffered and flushed when a publisher has nothing more ready, when
 * 64 KiB are waiting, or when the oldest waiting item is {@code flushDelay} old (default
 * {@value #DEFAULT_FLUSH_DELAY_MILLIS} ms), by the producer's thread or, while the producer is blocked,
 * by a timer; see {@link EventStreamOutput}. A slow producer's items therefore arrive within the
 * flush delay, and a fast producer's are sent in large chunks.
 *
 * <p><b>Cancellation.</b> A failed write means the caller has gone: the call's cancellation is
 * cancelled with {@link CancelReasons#CLIENT_GONE} (which interrupts the worker when a
 * {@link WorkerInterrupter} is bound), nothing more is written, and the source is closed. The source
 * is always closed on the writing thread before {@code write} returns ({@code Stream.close()}, so its
 * {@code onClose} handlers run in context; an {@code AutoCloseable} iterator is closed; a
 * subscription is cancelled, by the burst that ends a pushed stream). When the call is cancelled from elsewhere (heartbeat write failure,
 * {@link DisconnectWatcher}, {@link DeadlineScheduler}) a publisher's subscription is cancelled at
 * once and a pulled producer is woken by the interrupt.
 */
public final class EventStreamWriter {
  private static final Logger log = LoggerFactory.getLogger(EventStreamWriter.class);

  /** The protocol's default heartbeat interval. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

  /** How long an item may wait in the buffer before it is flushed, by default. */
  public static final long DEFAULT_FLUSH_DELAY_MILLIS = 5;

  public static final Duration DEFAULT_FLUSH_DELAY = Duration.ofMillis(DEFAULT_FLUSH_DELAY_MILLIS);

  /** Encodes the problem of an error event; shared, since a writer is made per call. */
  private static final ObjectWriter PROBLEM_WRITER = PotoJson.newMapper().writerFor(Problem.class);

  /** Items a publisher may have outstanding at once. */
  public static final int DEFAULT_PUBLISHER_BATCH = 16;

  /** How a stream ended. */
  public enum Outcome {
    /** All items and the end event were written. */
    COMPLETED,
    /** The producer failed; an error event was written. */
    FAILED,
    /** The deadline passed; an error event with {@code deadline_exceeded} was written. */
    DEADLINE_EXCEEDED,
    /** The server is shutting down; an error event with {@code shutting_down} was written. */
    SHUT_DOWN,
    /** The caller went away (or the call was cancelled otherwise); nothing more could be written. */
    CANCELLED
  }

  /** The outcome, the number of item events written, and the code of the error event (or null). */
  public record Result(Outcome outcome, long items, String problemCode) {
    public Result(Outcome outcome, long items) {
      this(outcome, items, null);
    }
  }

  /** The name of the short-lived threads that write a publisher's items. */
  public static final String BURST_THREAD_NAME = "poto-stream-burst";

  /** Stands for a publisher's subscription at the stream's end: the source has cancelled it itself. */
  private static final ItemSource SUBSCRIPTION = new ItemSource() {
    @Override
    public boolean writeItems(EventStreamOutput output, Cancellation cancellation) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void close() {}

    @Override
    public void cancel() {}
  };

  private final HeartbeatSweep heartbeats;
  private final TaskScheduler scheduler;
  private final StreamMetrics metrics;
  private final int publisherBatch;
  private final Duration flushDelay;

  /** A writer with the default flush delay. */
  public EventStreamWriter(
      Duration heartbeat, TaskScheduler scheduler, StreamMetrics metrics, int publisherBatch) {
    this(heartbeat, scheduler, metrics, publisherBatch, DEFAULT_FLUSH_DELAY);
  }

  /**
   * Each writer has one heartbeat sweep for all the streams it writes: a runtime keeps one writer.
   *
   * @param flushDelay how long an item may wait in the buffer; {@link Duration#ZERO} flushes each item
   */
  public EventStreamWriter(
      Duration heartbeat, TaskScheduler scheduler, StreamMetrics metrics, int publisherBatch,
      Duration flushDelay) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive, was " + heartbeat);
    }
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.heartbeats = new HeartbeatSweep(scheduler, heartbeat);
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.flushDelay = Objects.requireNonNull(flushDelay, "flushDelay");
    if (flushDelay.isNegative()) {
      throw new IllegalArgumentException("flush delay must not be negative, was " + flushDelay);
    }
    if (publisherBatch < 2) {
      throw new IllegalArgumentException("publisher batch must be at least 2, was " + publisherBatch);
    }
    this.publisherBatch = publisherBatch;
  }

  /** The response headers of an event stream; set them before calling {@link #write}. */
  public static void headers(BiConsumer<String, String> header) {
    header.accept("Content-Type", Protocol.EVENT_STREAM);
    header.accept("Cache-Control", "no-cache");
    header.accept("X-Accel-Buffering", "no"); // tells nginx-style proxies not to buffer
  }

  /**
   * Writes {@code result} to {@code out} until it ends, fails, or the call is cancelled. Never throws
   * for producer failures or a departed caller: those become frames and the returned outcome. A
   * publisher's items are written by short-lived virtual threads while this thread waits (see
   * {@link #start}, which does not wait).
   *
   * @param itemWriter encodes one element (the method's {@code resultType}); pretty printing is turned
   *     off because an event's data must stay on one line
   * @param out the response body; {@code flush()} must push the bytes to the caller
   */
  public Result write(Object result, ObjectWriter itemWriter, OutputStream out) {
    return write(result, StreamItems.jacksonOnly(itemWriter), out);
  }

  /**
   * As {@link #write(Object, ObjectWriter, OutputStream)}, with the items written as {@code items}
   * says (plain records straight into the output's buffer, see {@link RecordItemWriter}).
   */
  public Result write(Object result, StreamItems items, OutputStream out) {
    CompletableFuture<Result> ended = new CompletableFuture<>();
    start(result, items, out, burst -> Thread.ofVirtual().name(BURST_THREAD_NAME).start(burst), ended::complete);
    return ended.join(); // not interruptible: a cancelled call ends the stream, which completes it
  }

  /**
   * Starts writing {@code result} to {@code out}; {@code onEnd} runs once with the result, on the
   * thread that ends the stream. A {@code Stream} or {@code Iterator} is pulled on the calling thread,
   * which writes the whole stream before this returns. A {@code Flow.Publisher} is subscribed to on
   * the calling thread and this returns at once: its items are written by bursts that {@code bursts}
   * runs on short-lived threads (each starting when an item arrives while none runs, ending when
   * nothing more waits), so an idle pushed stream holds no thread (see {@link PublisherSource}).
   * Called inside the caller's context; each burst runs inside it too.
   *
   * @param bursts runs a burst on a new thread; what it binds there (log context, trace) is its own
   */
  public void start(Object result, StreamItems items, OutputStream out, Executor bursts, Consumer<Result> onEnd) {
    RequestContext context = CallScope.current();
    Cancellation cancellation = context.cancellation();
    Runnable clientGone = () -> cancellation.cancel(CancelReasons.CLIENT_GONE);
    ItemEncoder encoder = new ItemEncoder(items);
    EventStreamOutput output = new EventStreamOutput(out, scheduler, flushDelay, clientGone, encoder::release);
    metrics.streamStarted();
    OneStream stream = new OneStream(context, output, heartbeats.watch(output, clientGone), onEnd);
    if (result instanceof Flow.Publisher<?> publisher) {
      PublisherSource source = new PublisherSource(
          publisher, encoder, publisherBatch, output, context, bursts, failure -> stream.end(failure, SUBSCRIPTION));
      source.start();
      return;
    }
    ItemSource source = null;
    Throwable failure = null;
    try {
      source = ItemSource.of(result, encoder);
      cancellation.onCancel(source::cancel);
      if (!source.writeItems(output, cancellation) && !cancellation.isCancelled()) {
        throw new IllegalStateException("A pulled stream stopped early without being cancelled");
      }
    } catch (ClientGoneException e) {
      cancellation.cancel(CancelReasons.CLIENT_GONE);
    } catch (Throwable e) {
      failure = e;
    }
    stream.end(failure, source);
  }

  /** One stream's state from its start to its end, whichever thread ends it. */
  private final class OneStream {
    private final RequestContext context;
    private final EventStreamOutput output;
    private final Scheduled pings;
    private final Consumer<Result> onEnd;

    OneStream(RequestContext context, EventStreamOutput output, Scheduled pings, Consumer<Result> onEnd) {
      this.context = context;
      this.output = output;
      this.pings = pings;
      this.onEnd = onEnd;
    }

    /**
     * Writes the last frame: {@code end} when the producer completed, an error event when it failed
     * ({@code failure}), or what the call's cancellation asks for; then closes everything and reports.
     * A {@link VirtualMachineError} is rethrown once the stream is closed and reported, without an
     * error event.
     */
    void end(Throwable failure, ItemSource source) {
      Outcome outcome;
      try {
        if (failure instanceof VirtualMachineError) {
          outcome = Outcome.FAILED;
        } else if (failure != null) {
          outcome = failed(failure, context, output);
        } else if (context.cancellation().isCancelled()) {
          outcome = cancelled(context, output);
        } else {
          output.end(output.items());
          outcome = Outcome.COMPLETED;
        }
      } catch (ClientGoneException e) {
        context.cancellation().cancel(CancelReasons.CLIENT_GONE);
        outcome = Outcome.CANCELLED;
      } finally {
        pings.cancel();
        output.close();
        closeQuietly(source, context);
        metrics.streamClosed();
      }
      if (outcome == Outcome.CANCELLED) {
        metrics.clientGone();
      } else if (outcome == Outcome.FAILED) {
        metrics.producerFailed();
      }
      onEnd.accept(new Result(outcome, output.items(), errorCode(outcome, failure)));
      if (failure instanceof VirtualMachineError fatal) {
        throw fatal; // not an error event after which the server carries on: see RpcHandler
      }
    }
  }

  /** The code of the error event an outcome wrote, or null. */
  private static String errorCode(Outcome outcome, Throwable failure) {
    return switch (outcome) {
      case FAILED -> StreamProblems.keepsItsCode(failure) ? ((RpcException) failure).code() : ProblemCodes.INTERNAL_ERROR;
      case DEADLINE_EXCEEDED -> ProblemCodes.DEADLINE_EXCEEDED;
      case SHUT_DOWN -> ProblemCodes.SHUTTING_DOWN;
      case COMPLETED, CANCELLED -> null;
    };
  }

  private Outcome failed(Throwable failure, RequestContext context, EventStreamOutput output) {
    if (context.cancellation().isCancelled()) {
      return cancelled(context, output); // the failure is the producer reacting to the interrupt
    }
    if (StreamProblems.keepsItsCode(failure) && failure instanceof RpcException e) {
      log.debug("Stream {} ended with {} {}", context.requestId(), e.status(), e.code());
    } else if (JsonLimits.exceeded(failure)) {
      log.error("Stream {} failed: an item goes beyond the protocol's JSON limits ({} levels of nesting)",
          context.requestId(), Protocol.MAX_NESTING_DEPTH);
    } else {
      log.error("Stream {} failed in module code", context.requestId(), failure);
    }
    return writeError(StreamProblems.forFailure(failure, context.requestId()), output, Outcome.FAILED, context);
  }

  private Outcome cancelled(RequestContext context, EventStreamOutput output) {
    String reason = context.cancellation().reason();
    if (CancelReasons.SHUTTING_DOWN.equals(reason)) {
      Thread.interrupted(); // the shutdown's interrupt would fail the write of its own error event
      return writeError(StreamProblems.shuttingDown(context.requestId()), output, Outcome.SHUT_DOWN, context);
    }
    if (!CancelReasons.DEADLINE_EXCEEDED.equals(reason)) {
      return Outcome.CANCELLED;
    }
    Thread.interrupted(); // the deadline's interrupt would fail the write of its own error event
    return writeError(
        StreamProblems.deadlineExceeded(context.requestId()), output, Outcome.DEADLINE_EXCEEDED, context);
  }

  private Outcome writeError(Problem problem, EventStreamOutput output, Outcome outcome, RequestContext context) {
    try {
      output.error(PROBLEM_WRITER.writeValueAsBytes(problem));
      return outcome;
    } catch (ClientGoneException e) {
      context.cancellation().cancel(CancelReasons.CLIENT_GONE);
      return Outcome.CANCELLED;
    } catch (Exception e) {
      throw new IllegalStateException("A problem body could not be encoded", e);
    }
  }

  private void closeQuietly(ItemSource source, RequestContext context) {
    if (source == null) {
      return;
    }
    try {
      source.close();
    } catch (Exception e) {
      log.warn("Closing the stream of request {} failed", context.requestId(), e);
    } finally {
      metrics.sourceClosed();
    }
  }
}
