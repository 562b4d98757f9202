package dev.poto.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.scheduling.ManualScheduler;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The watchdog runs on the shared scheduler: driven here by a manual clock, without waiting. */
class CallWatchdogTest {
  private static final Duration TICK = Duration.ofMillis(20);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final CallWatchdog watchdog = new CallWatchdog(scheduler, TICK);

  @Test
  void aCallStillRunningAfterATickIsArmedOnce() {
    AtomicInteger arms = new AtomicInteger();
    try (CallWatchdog.Registration call = watchdog.armLater(arms::incrementAndGet)) {
      scheduler.advance(TICK.minusMillis(1));
      assertThat(arms).as("not before a tick").hasValue(0);
      scheduler.advance(Duration.ofMillis(1));
      assertThat(arms).as("armed at the first tick the call has lasted through").hasValue(1);
      assertThat(watchdog.pendingCount()).as("an armed call leaves the watch list").isZero();
      scheduler.advance(TICK.multipliedBy(10));
    }
    assertThat(arms).hasValue(1);
    assertThat(scheduler.pending()).as("the watchdog's own next tick, nothing else").isEqualTo(1);
  }

  @Test
  void aCallRegisteredBetweenTicksWaitsAWholeTick() {
    scheduler.advance(TICK.dividedBy(2));
    AtomicInteger arms = new AtomicInteger();
    try (CallWatchdog.Registration call = watchdog.armLater(arms::incrementAndGet)) {
      scheduler.advance(TICK.dividedBy(2)); // a tick, but the call is only half a tick old
      assertThat(arms).hasValue(0);
      scheduler.advance(TICK);
      assertThat(arms).hasValue(1);
    }
  }

  @Test
  void aCallThatEndsBeforeItsTickIsNeverArmed() {
    AtomicInteger arms = new AtomicInteger();
    CallWatchdog.Registration call = watchdog.armLater(arms::incrementAndGet);
    assertThat(watchdog.pendingCount()).isEqualTo(1);

    call.close();
    scheduler.advance(TICK.multipliedBy(5));

    assertThat(watchdog.pendingCount()).as("nothing left that the watchdog could arm").isZero();
    assertThat(arms).hasValue(0);
  }
}
