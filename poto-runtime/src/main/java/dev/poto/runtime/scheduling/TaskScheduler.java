package dev.poto.runtime.scheduling;

import java.time.Duration;

/**
 * Runs a task after a delay, with the clock the delays are measured on: the one timer of the runtime.
 * Heartbeats, deadlines, the call watchdog and the in-memory session sweeper use it rather than threads
 * of their own; tests pass a manual implementation so that time can be driven without sleeping.
 */
public interface TaskScheduler {

  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay} (at once for a zero or negative delay). */
  Scheduled schedule(Duration delay, Runnable task);

  /**
   * Runs {@code task} every {@code period}, the first time one period from now, each next run one period
   * after the previous one ended; {@link Scheduled#cancel()} stops it. Sweepers and watchdogs use this
   * instead of threads of their own.
   */
  default Scheduled every(Duration period, Runnable task) {
    return Periodic.start(this, period, task);
  }

  /** The process-wide scheduler: one timer thread that hands each due task to a virtual thread. */
  static TaskScheduler system() {
    return SystemTaskScheduler.INSTANCE;
  }
}
