package dev.poto.it.core;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs n tasks on virtual threads, all released at once by one latch, and collects their results. */
public final class Concurrently {
  /** How long one task may take; the tasks check results, not speed, on a machine that may be loaded. */
  public static final java.time.Duration TASK_TIMEOUT = java.time.Duration.ofSeconds(120);

  private Concurrently() {}

  public static <T> List<T> run(int n, IntFunction<T> task) {
    CountDownLatch start = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> futures = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(threads.submit(() -> {
          start.await();
          return task.apply(index);
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>(n);
      for (Future<T> future : futures) {
        try {
          results.add(future.get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
          throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
          throw new AssertionError("a concurrent task did not finish: " + e, e);
        }
      }
      assertTrue(results.size() == n);
      return results;
    }
  }
}
