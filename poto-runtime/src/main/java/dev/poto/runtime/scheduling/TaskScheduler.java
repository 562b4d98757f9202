package dev.poto.runtime.scheduling;

import java.time.Duration;

/**
 * Runs a task after a delay, with the clock the delays are measured on. Heartbeats and deadlines use
 * it; tests pass a manual implementation so that time can be driven without sleeping.
 */
public interface TaskScheduler {

  /** Monotonic time in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Runs {@code task} once after {@code delay} (at once for a zero or negative delay). */
  Scheduled schedule(Duration delay, Runnable task);

  /** The process-wide scheduler: one timer thread that hands each due task to a virtual thread. */
  static TaskScheduler system() {
    return SystemTaskScheduler.INSTANCE;
  }
}
