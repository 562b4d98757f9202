package dev.poto.runtime.scheduling;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One platform timer thread (started with the first task). Due tasks run on their own virtual thread,
 * because they may block (a heartbeat write to a slow client, a cancellation handler) and must not
 * hold up other timers. Cancelled tasks leave the queue at once, so finished calls leave no timers
 * behind.
 *
 * <p>The runtime creates one and closes it last; {@link #close()} drops every pending task and ends the
 * timer thread. A task scheduled after that never runs: the runtime is stopped, so nothing is due.
 */
public final class SystemTaskScheduler implements TaskScheduler, AutoCloseable {
  /** Thread name prefix; a number tells the schedulers of several runtimes in one JVM apart. */
  public static final String THREAD_NAME = "poto-timer";
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final ScheduledThreadPoolExecutor timer;
  private final String threadName;

  public SystemTaskScheduler() {
    threadName = THREAD_NAME + "-" + INSTANCES.incrementAndGet();
    timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name(threadName).daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> future;
    try {
      future =
          timer.schedule(
              () -> Thread.ofVirtual().name(threadName + "-task").start(task),
              Math.max(0, delay.toNanos()),
              TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      return Scheduled.NONE;
    }
    return () -> future.cancel(false);
  }

  /** The name of this scheduler's timer thread. */
  public String threadName() {
    return threadName;
  }

  /** Timer tasks not yet due: what a leak check looks at. */
  public int pendingTasks() {
    return timer.getQueue().size();
  }

  /** Whether {@link #close()} has run and the timer thread has ended. */
  public boolean isTerminated() {
    return timer.isTerminated();
  }

  /**
   * Drops the pending tasks and ends the timer thread; waits (briefly: the thread only hands tasks to
   * virtual threads) until it has. Tasks already handed over finish on their own virtual threads.
   */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
