package dev.poto.runtime.scheduling;

import java.time.Duration;

/**
 * A task run every {@code period} on a {@link TaskScheduler}, each run scheduled when the previous one
 * ends (a fixed delay: a slow run never piles up behind itself). Cancelling stops the next run.
 */
final class Periodic implements Scheduled {
  private final TaskScheduler scheduler;
  private final Duration period;
  private final Runnable task;
  private Scheduled next = Scheduled.NONE;
  private boolean cancelled;

  private Periodic(TaskScheduler scheduler, Duration period, Runnable task) {
    this.scheduler = scheduler;
    this.period = period;
    this.task = task;
  }

  static Scheduled start(TaskScheduler scheduler, Duration period, Runnable task) {
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("A periodic task needs a positive period, not " + period);
    }
    Periodic periodic = new Periodic(scheduler, period, task);
    periodic.scheduleNext();
    return periodic;
  }

  private void run() {
    try {
      task.run();
    } finally {
      scheduleNext();
    }
  }

  private synchronized void scheduleNext() {
    if (!cancelled) {
      next = scheduler.schedule(period, this::run);
    }
  }

  @Override
  public synchronized void cancel() {
    cancelled = true;
    next.cancel();
  }
}
