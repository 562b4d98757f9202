package dev.poto.runtime.auth;

import java.time.InstantSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Attempts kept in this process: right for one node, not shared by a cluster. Each key holds at most
 * its limit of timestamps, and keys whose window has passed are swept out as new attempts arrive, so
 * memory follows the recent attempt rate, not the history.
 */
public final class InMemoryAttemptStore implements AttemptStore {
  /** Every this many records, keys with nothing left in their window are dropped. */
  private static final int SWEEP_EVERY = 1024;

  private final InstantSource clock;
  private final ConcurrentHashMap<String, Attempts> attempts = new ConcurrentHashMap<>();
  private final AtomicInteger recordsSinceSweep = new AtomicInteger();

  public InMemoryAttemptStore() {
    this(InstantSource.system());
  }

  /** With an explicit clock, so tests can move time instead of waiting. */
  public InMemoryAttemptStore(InstantSource clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Duration retryAfter(String key, int limit, Duration window) {
    long now = clock.millis();
    Duration[] answer = {Duration.ZERO};
    attempts.computeIfPresent(key, (k, times) -> {
      times.dropBefore(now - window.toMillis());
      if (times.size() >= limit) {
        // The count falls below the limit when the limit-th newest attempt leaves the window.
        long freedAt = times.nthNewest(limit) + window.toMillis();
        answer[0] = Duration.ofMillis(Math.max(1, freedAt - now));
      }
      return times.isEmpty() ? null : times;
    });
    return answer[0];
  }

  @Override
  public void record(String key, int limit, Duration window) {
    long now = clock.millis();
    attempts.compute(key, (k, times) -> {
      Attempts kept = times != null ? times : new Attempts();
      kept.window = window.toMillis();
      kept.add(now, limit);
      kept.dropBefore(now - window.toMillis());
      return kept;
    });
    if (recordsSinceSweep.incrementAndGet() >= SWEEP_EVERY) {
      recordsSinceSweep.set(0);
      sweep(now);
    }
  }

  /** How many keys hold attempts; for tests and metrics. */
  public int keys() {
    return attempts.size();
  }

  private void sweep(long now) {
    for (String key : attempts.keySet()) {
      attempts.computeIfPresent(key, (k, times) -> {
        times.dropBefore(now - times.window);
        return times.isEmpty() ? null : times;
      });
    }
  }

  /** One key's newest attempts, oldest first; only touched inside the map's per-key compute. */
  private static final class Attempts {
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    long window;

    void add(long time, int limit) {
      times.addLast(time);
      while (times.size() > limit) {
        times.removeFirst();
      }
    }

    void dropBefore(long oldestKept) {
      while (!times.isEmpty() && times.peekFirst() <= oldestKept) {
        times.removeFirst();
      }
    }

    long nthNewest(int n) {
      int skip = times.size() - n;
      var it = times.iterator();
      for (int i = 0; i < skip; i++) {
        it.next();
      }
      return it.next();
    }

    int size() {
      return times.size();
    }

    boolean isEmpty() {
      return times.isEmpty();
    }
  }
}
