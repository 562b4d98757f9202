package dev.poto.runtime.lifecycle;

import dev.poto.runtime.context.Cancellation;
import dev.poto.runtime.guard.CancelReasons;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The calls one runtime is serving, and whether it still takes new ones: the state graceful shutdown
 * works on. A call {@link #enter enters} once its guards are set up and leaves when its handler
 * returns. {@link #startDraining} ends streams at once (they would never finish by themselves);
 * {@link #awaitDrained} waits for unary calls and for the connections to go, within a time limit.
 */
public final class CallRegistry {
  /** Where the runtime is in its life. */
  public enum Phase {
    /** Taking calls; ready. */
    SERVING,
    /** Finishing the calls it has; not ready. New calls on open connections are still served. */
    DRAINING,
    /** Done; the stores are closed. */
    STOPPED
  }

  /** How long calls cancelled at the end of a drain get to send their 503 before connections close. */
  static final Duration CANCELLED_CALLS_GRACE = Duration.ofSeconds(2);
  /** How often an idle drain looks whether the open connections have gone (closing one wakes nobody). */
  static final Duration CONNECTION_POLL = Duration.ofMillis(20);

  private final Set<ActiveCall> calls = ConcurrentHashMap.newKeySet();
  private final java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
  private final Object changed = new Object();
  private final LongSupplier nanoClock;
  private volatile Phase phase = Phase.SERVING;
  /** {@link System#nanoTime} of the drain's start or of the last request that arrived since, if later. */
  private volatile long lastActivityWhileDraining;

  public CallRegistry() {
    this(System::nanoTime);
  }

  CallRegistry(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  public Phase phase() {
    return phase;
  }

  /** True from {@link #startDraining} on: readiness is false, answers ask to close the connection. */
  public boolean draining() {
    return phase != Phase.SERVING;
  }

  /**
   * A request under the prefix arrived (the router calls it before routing); {@link #requestCompleted}
   * follows once its answer has been written completely, which for a unary call is after its handler
   * returned. Draining waits for these, so no answer is cut by the stop.
   */
  public void requestArrived() {
    requests.incrementAndGet();
    if (draining()) {
      lastActivityWhileDraining = nanoClock.getAsLong();
    }
  }

  /** The answer of a request announced with {@link #requestArrived} is complete (or failed). */
  public void requestCompleted() {
    requests.decrementAndGet();
    wake();
  }

  /**
   * Registers a running call. A stream entering while the runtime drains is cancelled with
   * {@link CancelReasons#SHUTTING_DOWN} at once; a unary call is served (its caller has no other way
   * to learn about the shutdown than this connection, so answering beats refusing).
   */
  public ActiveCall enter(Cancellation cancellation, boolean stream) {
    ActiveCall call = new ActiveCall(cancellation, stream);
    calls.add(call);
    if (stream && draining()) {
      cancellation.cancel(CancelReasons.SHUTTING_DOWN);
    }
    return call;
  }

  /** Calls being served right now (streams included). */
  public int active() {
    return calls.size();
  }

  /**
   * Stops being ready and ends every open stream with {@link CancelReasons#SHUTTING_DOWN}. Returns false
   * if the runtime was already draining (or stopped): only the first stop drains.
   */
  public boolean startDraining() {
    synchronized (changed) {
      if (draining()) {
        return false;
      }
      lastActivityWhileDraining = nanoClock.getAsLong();
      phase = Phase.DRAINING;
    }
    for (ActiveCall call : calls) {
      if (call.stream) {
        call.cancellation.cancel(CancelReasons.SHUTTING_DOWN);
      }
    }
    return true;
  }

  /**
   * After {@link #startDraining}: waits until no request is in flight (answers fully written) and
   * either {@code openConnections} says none is left or no request has arrived for {@code quietPeriod}
   * (counted from the drain's start: an idle kept-alive connection may still be used by a balancer
   * until its keepalive timeout), at most {@code timeout}. Calls still running then are cancelled with
   * {@link CancelReasons#SHUTTING_DOWN} and get a moment to send their 503. Returns true when everything
   * finished in time.
   */
  public boolean awaitDrained(Duration timeout, Duration quietPeriod, IntSupplier openConnections)
      throws InterruptedException {
    if (awaitIdle(nanoClock.getAsLong() + timeout.toNanos(), quietPeriod.toNanos(), openConnections)) {
      return true;
    }
    for (ActiveCall call : calls) {
      call.cancellation.cancel(CancelReasons.SHUTTING_DOWN);
    }
    awaitIdle(nanoClock.getAsLong() + CANCELLED_CALLS_GRACE.toNanos(), 0, openConnections);
    return false;
  }

  private boolean awaitIdle(long end, long quietNanos, IntSupplier openConnections) throws InterruptedException {
    synchronized (changed) {
      while (true) {
        long now = nanoClock.getAsLong();
        boolean busy = requests.get() > 0 || !calls.isEmpty();
        long quietLeft = lastActivityWhileDraining + quietNanos - now;
        if (!busy && (quietLeft <= 0 || openConnections.getAsInt() == 0)) {
          return true;
        }
        long waitNanos = end - now;
        if (waitNanos <= 0) {
          return false;
        }
        if (!busy) {
          waitNanos = Math.min(waitNanos, Math.min(quietLeft, CONNECTION_POLL.toNanos()));
        }
        changed.wait(Math.max(1, Math.ceilDiv(waitNanos, 1_000_000))); // woken by wake()
      }
    }
  }

  /** After the stores have been closed. */
  public void stopped() {
    phase = Phase.STOPPED;
  }

  private void left(ActiveCall call) {
    calls.remove(call);
    wake();
  }

  private void wake() {
    if (draining()) {
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  /** One registered call; {@link #close} when its handler returns. */
  public final class ActiveCall implements AutoCloseable {
    private final Cancellation cancellation;
    private final boolean stream;

    private ActiveCall(Cancellation cancellation, boolean stream) {
      this.cancellation = cancellation;
      this.stream = stream;
    }

    @Override
    public void close() {
      left(this);
    }
  }
}
