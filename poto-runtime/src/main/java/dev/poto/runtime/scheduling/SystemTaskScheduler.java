package dev.poto.runtime.scheduling;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
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
  /** The timer thread, once started: {@link #close()} waits for it to end. */
  private volatile Thread timerThread;

  public SystemTaskScheduler() {
    threadName = THREAD_NAME + "-" + INSTANCES.incrementAndGet();
    ThreadFactory platform = Thread.ofPlatform().name(threadName).daemon(true).factory();
    timer = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = platform.newThread(task);
      timerThread = thread;
      return thread;
    });
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
      if (timer.awaitTermination(5, TimeUnit.SECONDS)) {
        // The executor is terminated before its thread has quite returned: wait for that too, so
        // a thread dump right after close() shows no timer thread.
        Thread thread = timerThread;
        if (thread != null && thread != Thread.currentThread()) {
          thread.join(Duration.ofSeconds(5));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
