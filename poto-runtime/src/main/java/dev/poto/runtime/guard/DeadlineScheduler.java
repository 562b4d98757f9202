package dev.poto.runtime.guard;

import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Cancels a call with {@link CancelReasons#DEADLINE_EXCEEDED} when its deadline passes. Interrupting
 * the worker is the {@link WorkerInterrupter}'s job: it listens to the same cancellation. The handle
 * returned by {@link #arm} must be closed when the call ends, so that no timer outlives its call.
 */
public final class DeadlineScheduler {
  private final TaskScheduler scheduler;
  private final Clock clock;

  public DeadlineScheduler(TaskScheduler scheduler, Clock clock) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Schedules the cancellation of {@code context} at its deadline; cancels at once when the deadline
   * has already passed. Without a deadline it does nothing and returns {@link Scheduled#NONE}.
   */
  public Scheduled arm(RequestContext context) {
    if (context.deadline().isEmpty()) {
      return Scheduled.NONE;
    }
    Instant deadline = context.deadline().get();
    Duration remaining = Duration.between(clock.instant(), deadline);
    Runnable expire = () -> context.cancellation().cancel(CancelReasons.DEADLINE_EXCEEDED);
    if (remaining.isNegative() || remaining.isZero()) {
      expire.run();
      return Scheduled.NONE;
    }
    return scheduler.schedule(remaining, expire);
  }
}
