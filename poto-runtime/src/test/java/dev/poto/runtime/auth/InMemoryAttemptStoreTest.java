package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The sliding window, on a clock the test moves. */
class InMemoryAttemptStoreTest {
  private static final Duration WINDOW = Duration.ofMinutes(10);

  /** A clock that moves only when told to. */
  static final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2030-01-01T00:00:00Z"));

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration by) {
      now.updateAndGet(t -> t.plus(by));
    }
  }

  private final TestClock clock = new TestClock();
  private final InMemoryAttemptStore store = new InMemoryAttemptStore(clock);

  @Test
  void belowTheLimitThereIsNothingToWaitFor() {
    assertThat(store.retryAfter("k", 3, WINDOW)).isZero();
    store.record("k", 3, WINDOW);
    store.record("k", 3, WINDOW);
    assertThat(store.retryAfter("k", 3, WINDOW)).isZero();
  }

  @Test
  void atTheLimitTheWaitEndsWhenTheOldestAttemptLeavesTheWindow() {
    store.record("k", 3, WINDOW);
    clock.advance(Duration.ofMinutes(2));
    store.record("k", 3, WINDOW);
    clock.advance(Duration.ofMinutes(2));
    store.record("k", 3, WINDOW);
    assertThat(store.retryAfter("k", 3, WINDOW)).isEqualTo(Duration.ofMinutes(6));

    clock.advance(Duration.ofMinutes(6).minusMillis(1));
    assertThat(store.retryAfter("k", 3, WINDOW)).isEqualTo(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(store.retryAfter("k", 3, WINDOW)).as("the window slid past the first attempt").isZero();
    store.record("k", 3, WINDOW);
    assertThat(store.retryAfter("k", 3, WINDOW)).isEqualTo(Duration.ofMinutes(2)); // the second one leaves next
  }

  @Test
  void keysAreIndependent() {
    store.record("a", 1, WINDOW);
    assertThat(store.retryAfter("a", 1, WINDOW)).isPositive();
    assertThat(store.retryAfter("b", 1, WINDOW)).isZero();
  }

  @Test
  void aKeyKeepsNoMoreThanItsLimitAndIdleKeysAreSweptOut() {
    for (int i = 0; i < 10_000; i++) {
      store.record("busy", 5, WINDOW);
    }
    assertThat(store.retryAfter("busy", 5, WINDOW)).isEqualTo(WINDOW); // all at the same instant
    for (int i = 0; i < 2_000; i++) {
      store.record("once-" + i, 5, WINDOW);
    }
    clock.advance(WINDOW.plusSeconds(1));
    for (int i = 0; i < 1_100; i++) {
      store.record("later", 5, WINDOW);
    }
    assertThat(store.keys()).as("only the key recorded in the current window is left").isEqualTo(1);
  }
}
