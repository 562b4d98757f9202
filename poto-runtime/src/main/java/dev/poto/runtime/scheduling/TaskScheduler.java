package dev.poto.runtime.scheduling;

import java.time.Duration;

/**
 * Runs a task after a delay, with the clock the delays are measured on: the one timer of a runtime.
 * The runtime creates one ({@link SystemTaskScheduler}, or the one given to
 * {@code PotoConfig.scheduler}) and hands it to everything that waits: heartbeats, flush timers,
 * deadlines, the call watchdog, the in-memory session sweeper, the OIDC key refresh. Nothing in the
 * runtime starts a timer thread of its own; tests pass a {@link ManualScheduler} to drive time without
 * sleeping.
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
}
