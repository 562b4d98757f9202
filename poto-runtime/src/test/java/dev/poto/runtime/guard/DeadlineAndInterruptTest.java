package dev.poto.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.scheduling.Scheduled;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeadlineAndInterruptTest {
  static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
  final ManualScheduler scheduler = new ManualScheduler();
  final DeadlineScheduler deadlines = new DeadlineScheduler(scheduler, Clock.fixed(NOW, ZoneOffset.UTC));

  static RequestContext withDeadline(Instant deadline) {
    return new RequestContext("r", new PotoUser("u", Set.of()), Map.of(), Map.of(), deadline);
  }

  @Test
  void theDeadlineCancelsWhenItPassesAndNotBefore() {
    RequestContext ctx = withDeadline(NOW.plusMillis(2500));
    deadlines.arm(ctx);

    scheduler.advance(Duration.ofMillis(2499));
    assertThat(ctx.cancellation().isCancelled()).isFalse();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(ctx.cancellation().isCancelled()).isTrue();
    assertThat(ctx.cancellation().reason()).isEqualTo("deadline_exceeded");
  }

  @Test
  void closingTheHandleWhenTheCallEndsLeavesNoTimer() {
    RequestContext ctx = withDeadline(NOW.plusSeconds(30));
    try (Scheduled armed = deadlines.arm(ctx)) {
      assertThat(scheduler.pending()).isEqualTo(1);
    }
    assertThat(scheduler.pending()).isZero();
    scheduler.advance(Duration.ofMinutes(1));
    assertThat(ctx.cancellation().isCancelled()).isFalse();
  }

  @Test
  void aDeadlineAlreadyPastCancelsAtOnceAndNoDeadlineDoesNothing() {
    RequestContext late = withDeadline(NOW.minusMillis(1));
    assertThat(deadlines.arm(late)).isSameAs(Scheduled.NONE);
    assertThat(late.cancellation().reason()).isEqualTo("deadline_exceeded");

    RequestContext none = withDeadline(null);
    assertThat(deadlines.arm(none)).isSameAs(Scheduled.NONE);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void theDeadlineInterruptsABlockedWorker() throws Exception {
    RequestContext ctx = withDeadline(NOW.plusSeconds(1));
    CountDownLatch blocked = new CountDownLatch(1);
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    Thread worker = Thread.ofVirtual().start(() -> {
          try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(ctx.cancellation());
              Scheduled armed = deadlines.arm(ctx)) {
            blocked.countDown();
            new CountDownLatch(1).await(); // a module method waiting on something that never comes
          } catch (InterruptedException e) {
            sawInterrupt.set(true);
          }
        });
    assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();

    scheduler.advance(Duration.ofSeconds(1));

    assertThat(worker.join(Duration.ofSeconds(10))).isTrue();
    assertThat(sawInterrupt).isTrue();
  }

  @Test
  void afterTheCallEndsTheThreadIsNeverInterruptedOnItsBehalf() throws Exception {
    RequestContext ctx = withDeadline(null);
    AtomicBoolean interruptedLater = new AtomicBoolean();
    CountDownLatch callEnded = new CountDownLatch(1);
    CountDownLatch cancelled = new CountDownLatch(1);
    Thread worker = Thread.ofVirtual().start(() -> {
          try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(ctx.cancellation())) {
            // the call returns at once
          }
          callEnded.countDown();
          try {
            cancelled.await(); // the pooled thread's next task
            interruptedLater.set(Thread.currentThread().isInterrupted());
          } catch (InterruptedException e) {
            interruptedLater.set(true);
          }
        });
    assertThat(callEnded.await(10, TimeUnit.SECONDS)).isTrue();
    ctx.cancellation().cancel(CancelReasons.CLIENT_GONE);
    cancelled.countDown();
    assertThat(worker.join(Duration.ofSeconds(10))).isTrue();
    assertThat(interruptedLater).isFalse();
  }
}
