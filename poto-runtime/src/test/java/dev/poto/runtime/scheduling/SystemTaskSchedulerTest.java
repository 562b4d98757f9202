package dev.poto.runtime.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SystemTaskSchedulerTest {

  @Test
  void forgetsCancelledTimers() {
    try (SystemTaskScheduler scheduler = new SystemTaskScheduler()) {
      Scheduled far = scheduler.schedule(Duration.ofHours(1), () -> {});
      assertThat(scheduler.pendingTasks()).isEqualTo(1);
      far.cancel();
      assertThat(scheduler.pendingTasks()).isZero();
    }
  }

  @Test
  void runsDueTasksOnVirtualThreads() throws InterruptedException {
    try (SystemTaskScheduler scheduler = new SystemTaskScheduler()) {
      CountDownLatch ran = new CountDownLatch(1);
      AtomicInteger virtual = new AtomicInteger();
      scheduler.schedule(Duration.ZERO, () -> {
        if (Thread.currentThread().isVirtual()) {
          virtual.incrementAndGet();
        }
        ran.countDown();
      });
      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(virtual.get()).isEqualTo(1);
    }
  }

  @Test
  void closeEndsTheTimerThreadAndDropsPendingTasks() {
    SystemTaskScheduler scheduler = new SystemTaskScheduler();
    scheduler.schedule(Duration.ofHours(1), () -> {});
    scheduler.every(Duration.ofMillis(1), () -> {});
    assertThat(timerThreadAlive(scheduler)).isTrue();

    scheduler.close();

    assertThat(scheduler.isTerminated()).isTrue();
    assertThat(timerThreadAlive(scheduler)).isFalse();
    assertThat(scheduler.pendingTasks()).isZero();
    // Scheduling after close is refused quietly: the runtime is stopped, nothing is due any more.
    scheduler.schedule(Duration.ZERO, () -> {}).cancel();
    assertThat(scheduler.pendingTasks()).isZero();
  }

  static boolean timerThreadAlive(SystemTaskScheduler scheduler) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(scheduler.threadName()) && t.isAlive());
  }
}
