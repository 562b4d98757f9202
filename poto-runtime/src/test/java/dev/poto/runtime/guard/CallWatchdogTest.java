package dev.poto.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallWatchdogTest {

  @Test
  void aCallStillRunningAfterATickIsArmedOnce() throws Exception {
    CallWatchdog watchdog = new CallWatchdog(Duration.ofMillis(10));
    CountDownLatch armed = new CountDownLatch(1);
    AtomicInteger arms = new AtomicInteger();
    try (CallWatchdog.Registration call = watchdog.armLater(() -> {
      arms.incrementAndGet();
      armed.countDown();
    })) {
      assertThat(armed.await(10, TimeUnit.SECONDS)).as("armed by the watchdog thread").isTrue();
      assertThat(watchdog.pendingCount()).as("an armed call leaves the watch list").isZero();
    }
    assertThat(arms).hasValue(1);
  }

  @Test
  void aCallThatEndsBeforeItsTickIsNeverArmed() {
    CallWatchdog watchdog = new CallWatchdog(Duration.ofHours(1));
    AtomicInteger arms = new AtomicInteger();
    CallWatchdog.Registration call = watchdog.armLater(arms::incrementAndGet);
    assertThat(watchdog.pendingCount()).isEqualTo(1);

    call.close();

    assertThat(watchdog.pendingCount()).as("nothing left that the watchdog could arm").isZero();
    assertThat(arms).hasValue(0);
  }
}
