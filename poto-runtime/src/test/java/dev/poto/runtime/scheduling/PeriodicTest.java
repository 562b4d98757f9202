package dev.poto.runtime.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TaskScheduler#every}: the one way the runtime runs periodic work, on virtual time here. */
class PeriodicTest {
  private final ManualScheduler scheduler = new ManualScheduler();

  @Test
  void runsOncePerPeriodUntilCancelled() {
    List<Long> runs = new ArrayList<>();
    Scheduled every = scheduler.every(Duration.ofSeconds(10), () -> runs.add(scheduler.nanoTime()));
    scheduler.advance(Duration.ofSeconds(9));
    assertThat(runs).isEmpty();
    scheduler.advance(Duration.ofSeconds(25));
    assertThat(runs).containsExactly(10_000_000_000L, 20_000_000_000L, 30_000_000_000L);

    every.cancel();
    every.cancel(); // harmless twice
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(runs).hasSize(3);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aFailingRunDoesNotStopTheNextOnes() {
    int[] runs = {0};
    scheduler.every(Duration.ofSeconds(1), () -> {
      runs[0]++;
      throw new IllegalStateException("boom");
    });
    assertThatThrownBy(() -> scheduler.advance(Duration.ofSeconds(1))).hasMessage("boom");
    assertThat(scheduler.pending()).as("the next run is scheduled all the same").isEqualTo(1);
  }

  @Test
  void aPeriodMustBePositive() {
    assertThatThrownBy(() -> scheduler.every(Duration.ZERO, () -> {})).isInstanceOf(IllegalArgumentException.class);
  }
}
