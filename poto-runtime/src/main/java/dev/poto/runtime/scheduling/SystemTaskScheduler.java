package dev.poto.runtime.scheduling;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One daemon timer thread. Due tasks run on their own virtual thread, because they may block (a
 * heartbeat write to a slow client, a cancellation handler) and must not hold up other timers.
 * Cancelled tasks leave the queue at once, so finished calls leave no timers behind.
 */
final class SystemTaskScheduler implements TaskScheduler {
  static final SystemTaskScheduler INSTANCE = new SystemTaskScheduler();

  private final ScheduledThreadPoolExecutor timer;

  private SystemTaskScheduler() {
    timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("poto-timer").daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future =
        timer.schedule(
            () -> Thread.ofVirtual().name("poto-timer-task").start(task),
            Math.max(0, delay.toNanos()),
            TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  /** Timer tasks not yet due: what a leak check looks at. */
  int pendingTasks() {
    return timer.getQueue().size();
  }
}
