package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.session.SessionUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Callers that increment a session counter through the store without pause while a test kills Redis
 * processes, and the checks that no acknowledged write was lost: each caller's counter ends at least at
 * the last value an acknowledged update returned, and at most at that plus the updates whose outcome
 * was not known (answered 503).
 */
final class FailoverTraffic implements AutoCloseable {
  /** One caller: its user, the phase it is in, and what it saw. */
  static final class Caller {
    final String userId;
    volatile int phase;
    volatile long lastAcknowledged;
    volatile long acknowledged;
    volatile long unknown;
    final long[] acknowledgedInPhase = new long[3];
    final long[] failedInPhase = new long[3];
    final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    /** Why the first 503 of each phase happened, for the failure message. */
    final String[] firstFailure = new String[3];

    Caller(String userId) {
      this.userId = userId;
    }
  }

  private final RedisSessionProvider store;
  private final List<Caller> callers = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final List<Future<?>> loops = new ArrayList<>();

  FailoverTraffic(RedisSessionProvider store, List<String> userIds) {
    this.store = store;
    for (String userId : userIds) {
      Caller caller = new Caller(userId);
      callers.add(caller);
      loops.add(threads.submit(() -> loop(caller)));
    }
  }

  List<Caller> callers() {
    return callers;
  }

  private void loop(Caller caller) {
    while (running.get()) {
      int started = caller.phase;
      int phase = started;
      try {
        Optional<String> next = store.update(caller.userId, "counter",
            current -> Optional.of(Long.toString(current.map(Long::parseLong).orElse(0L) + 1)));
        phase = spanned(started, caller.phase);
        long value = Long.parseLong(next.orElseThrow());
        if (value <= caller.lastAcknowledged) {
          caller.unexpected.add(new AssertionError("acknowledged " + value + " after " + caller.lastAcknowledged));
        }
        caller.lastAcknowledged = value;
        caller.acknowledged++;
        caller.acknowledgedInPhase[phase]++;
      } catch (SessionUnavailableException e) {
        phase = spanned(started, caller.phase);
        caller.unknown++;
        if (caller.failedInPhase[phase]++ == 0) {
          caller.firstFailure[phase] = String.valueOf(e.getCause());
        }
      } catch (Throwable e) {
        caller.unexpected.add(e);
      }
    }
  }

  /** A call that ran across a phase change belongs to the failure (phase 1): it may have met the kill. */
  private static int spanned(int started, int ended) {
    return started == ended ? started : 1;
  }

  /** Moves every caller to {@code phase} (0 before the failure, 1 during, 2 after recovery). */
  void phase(int phase) {
    callers.forEach(caller -> caller.phase = phase);
  }

  /** Waits until every caller has {@code count} acknowledged updates in {@code phase}. */
  void awaitAcknowledged(int phase, int count) {
    LocalRedisCluster.await(count + " acknowledged updates per caller in phase " + phase,
        () -> callers.stream().allMatch(c -> c.acknowledgedInPhase[phase] >= count));
  }

  /** Stops the callers and checks every counter against what its caller was told. */
  void stopAndCheck() throws Exception {
    running.set(false);
    for (Future<?> loop : loops) {
      loop.get();
    }
    for (Caller caller : callers) {
      assertThat(caller.unexpected).as("unexpected failures of %s", caller.userId).isEmpty();
      long stored = Long.parseLong(store.get(caller.userId, "counter").orElse("0"));
      assertThat(stored).as("counter of %s: no acknowledged update lost", caller.userId)
          .isGreaterThanOrEqualTo(caller.lastAcknowledged);
      assertThat(stored).as("counter of %s: only acknowledged or unknown updates", caller.userId)
          .isLessThanOrEqualTo(caller.acknowledged + caller.unknown);
      assertThat(caller.failedInPhase[0]).as("503s of %s before anything failed: %s", caller.userId,
          caller.firstFailure[0]).isZero();
      assertThat(caller.failedInPhase[2]).as("503s of %s after recovery: %s", caller.userId, caller.firstFailure[2])
          .isZero();
    }
  }

  @Override
  public void close() {
    running.set(false);
    threads.shutdownNow();
  }
}
