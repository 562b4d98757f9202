package dev.poto.it.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the server side of one test group saw: calls started, close handlers run, cancellations
 * noticed and their reasons. Tests read it from the module instance they serve (same JVM).
 */
public final class CallTracker {
  public final AtomicInteger started = new AtomicInteger();
  public final AtomicInteger closeHandlers = new AtomicInteger();
  public final AtomicInteger sawCancelled = new AtomicInteger();
  public final AtomicInteger cleanups = new AtomicInteger();
  public final AtomicInteger cancelHandlers = new AtomicInteger();
  public final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();
  private volatile CountDownLatch startedLatch = new CountDownLatch(0);
  private volatile CountDownLatch closedLatch = new CountDownLatch(0);

  /** Arms the latches for {@code calls} calls; call before the calls start. */
  public CallTracker expect(int calls) {
    startedLatch = new CountDownLatch(calls);
    closedLatch = new CountDownLatch(calls);
    return this;
  }

  public CountDownLatch allStarted() {
    return startedLatch;
  }

  /** Counted down once per call when its stream's close handler or its cancellation cleanup ran. */
  public CountDownLatch allClosed() {
    return closedLatch;
  }

  void started() {
    started.incrementAndGet();
    startedLatch.countDown();
  }

  void closed() {
    closeHandlers.incrementAndGet();
    closedLatch.countDown();
  }

  void cancelled(boolean seen, String reason) {
    if (seen) {
      sawCancelled.incrementAndGet();
    }
    reasons.computeIfAbsent(String.valueOf(reason), r -> new AtomicInteger()).incrementAndGet();
  }

  void cancelHandlerRan() {
    cancelHandlers.incrementAndGet();
  }

  void cleanedUp() {
    cleanups.incrementAndGet();
    closedLatch.countDown();
  }
}
