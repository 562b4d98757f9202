package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import java.time.Duration;

/**
 * Writes a {@code : ping} comment whenever nothing has been written for the interval, so that proxies
 * keep an idle stream open and a departed caller is noticed by the failing write.
 */
final class Heartbeat {
  private final EventStreamOutput output;
  private final TaskScheduler scheduler;
  private final long intervalNanos;
  private final Runnable onClientGone;
  private Scheduled pending = Scheduled.NONE;
  private boolean stopped;

  Heartbeat(EventStreamOutput output, TaskScheduler scheduler, Duration interval, Runnable onClientGone) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive, was " + interval);
    }
    this.output = output;
    this.scheduler = scheduler;
    this.intervalNanos = interval.toNanos();
    this.onClientGone = onClientGone;
  }

  void start() {
    scheduleIn(intervalNanos);
  }

  void stop() {
    Scheduled toCancel;
    synchronized (this) {
      stopped = true;
      toCancel = pending;
    }
    toCancel.cancel();
  }

  private void tick() {
    long idle = scheduler.nanoTime() - output.lastWriteNanos();
    if (idle < intervalNanos) {
      scheduleIn(intervalNanos - idle); // an item went out meanwhile: wait a full interval after it
      return;
    }
    try {
      output.ping();
    } catch (ClientGoneException e) {
      onClientGone.run();
      return;
    }
    scheduleIn(intervalNanos);
  }

  private synchronized void scheduleIn(long nanos) {
    if (!stopped) {
      pending = scheduler.schedule(Duration.ofNanos(nanos), this::tick);
    }
  }
}
