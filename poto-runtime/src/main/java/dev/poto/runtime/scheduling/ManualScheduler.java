package dev.poto.runtime.scheduling;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A {@link TaskScheduler} on virtual time: {@link #advance} runs the tasks that fall due, in order, on
 * the calling thread. For tests (of the runtime and of applications): give it to
 * {@code PotoConfig.scheduler} and expiries, sweeps and heartbeats happen when the test says so.
 */
public final class ManualScheduler implements TaskScheduler {
  private record Task(long dueNanos, long seq, Runnable task) {}

  private final List<Task> tasks = new ArrayList<>();
  private long now;
  private long seq;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Scheduled schedule(Duration delay, Runnable task) {
    Task t = new Task(now + Math.max(0, delay.toNanos()), seq++, task);
    tasks.add(t);
    return () -> {
      synchronized (this) {
        tasks.remove(t);
      }
    };
  }

  /** Moves the clock forward, running each due task on the calling thread at its due time. */
  public void advance(Duration by) {
    long target;
    synchronized (this) {
      target = now + by.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next =
            tasks.stream()
                .filter(t -> t.dueNanos() <= target)
                .min(Comparator.comparingLong(Task::dueNanos).thenComparingLong(Task::seq))
                .orElse(null);
        if (next == null) {
          now = target;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.dueNanos());
      }
      next.task().run();
    }
  }

  public synchronized int pending() {
    return tasks.size();
  }
}
