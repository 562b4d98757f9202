package dev.poto.runtime.health;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Runs an expensive probe (a round trip to a store) at most once per {@code maxAge}, however often
 * anonymous probes ask, and never twice at the same time: callers in between get the last answer.
 */
public final class CachedHealthCheck implements HealthCheck {
  private final BooleanSupplier probe;
  private final long maxAgeNanos;
  private final LongSupplier nanoClock;
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean last;
  private volatile long lastAt;
  private volatile boolean probed;

  public CachedHealthCheck(BooleanSupplier probe, Duration maxAge) {
    this(probe, maxAge, System::nanoTime);
  }

  CachedHealthCheck(BooleanSupplier probe, Duration maxAge, LongSupplier nanoClock) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoClock = nanoClock;
  }

  @Override
  public boolean healthy() {
    long now = nanoClock.getAsLong();
    if (probed && now - lastAt < maxAgeNanos) {
      return last;
    }
    if (!probing.compareAndSet(false, true)) {
      return last; // another caller is probing; the first one ever reads "not healthy" until it knows
    }
    try {
      boolean result;
      try {
        result = probe.getAsBoolean();
      } catch (RuntimeException e) {
        result = false;
      }
      last = result;
      lastAt = nanoClock.getAsLong();
      probed = true;
      return result;
    } finally {
      probing.set(false);
    }
  }
}
