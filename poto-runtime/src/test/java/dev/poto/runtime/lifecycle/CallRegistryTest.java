package dev.poto.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.context.Cancellation;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When a drain may end: nothing runs, and no connection is left or none has carried a call for the quiet period. */
class CallRegistryTest {
  private static final Duration LONG = Duration.ofHours(1);
  private final AtomicLong now = new AtomicLong(1_000);
  private final CallRegistry calls = new CallRegistry(now::get);

  private final AtomicInteger polls = new AtomicInteger();

  private CompletableFuture<Boolean> awaitDrainedInBackground(Duration quiet, AtomicInteger connections) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return calls.awaitDrained(LONG, quiet, () -> {
          polls.incrementAndGet();
          return connections.get();
        });
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }, task -> Thread.ofVirtual().start(task));
  }

  /** Lets the drain look at the connections twice more, so a "not done" below means it chose to wait. */
  private void letTheDrainLookAgain() throws InterruptedException {
    int seen = polls.get();
    Await.until("the drain looks at the connections again", () -> polls.get() >= seen + 2);
  }

  @Test
  void anIdleServerWithoutConnectionsDrainsAtOnceWhateverTheQuietPeriod() throws Exception {
    assertThat(calls.startDraining()).isTrue();
    assertThat(calls.awaitDrained(LONG, LONG, () -> 0)).isTrue();
  }

  @Test
  void onlyTheFirstStopDrains() {
    assertThat(calls.startDraining()).isTrue();
    assertThat(calls.startDraining()).isFalse();
    assertThat(calls.draining()).isTrue();
  }

  @Test
  void anOpenIdleConnectionHoldsTheDrainUntilItCloses() throws Exception {
    AtomicInteger connections = new AtomicInteger(1);
    calls.startDraining();
    CompletableFuture<Boolean> drained = awaitDrainedInBackground(LONG, connections);
    letTheDrainLookAgain();
    assertThat(drained).isNotDone(); // the clock does not move: only the connection can end it
    connections.set(0); // the balancer closed it (its keepalive timeout)
    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void theQuietPeriodCountsFromTheDrainsStartEvenWithoutArrivals() throws Exception {
    AtomicInteger connections = new AtomicInteger(1);
    calls.startDraining();
    CompletableFuture<Boolean> drained = awaitDrainedInBackground(Duration.ofSeconds(5), connections);
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    letTheDrainLookAgain();
    assertThat(drained).isNotDone();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRequestArrivingWhileDrainingRestartsTheQuietPeriodAndIsWaitedFor() throws Exception {
    AtomicInteger connections = new AtomicInteger(1);
    calls.startDraining();
    CompletableFuture<Boolean> drained = awaitDrainedInBackground(Duration.ofSeconds(5), connections);
    now.addAndGet(Duration.ofSeconds(4).toNanos());
    calls.requestArrived();
    CallRegistry.ActiveCall call = calls.enter(new Cancellation(), false);
    now.addAndGet(Duration.ofSeconds(4).toNanos()); // 8 s after the start, 4 s after the arrival
    call.close();
    calls.requestCompleted();
    letTheDrainLookAgain();
    assertThat(drained).isNotDone();
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
  }
}
