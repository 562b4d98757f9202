package dev.poto.runtime.guard;

import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arms work for calls that are still running after a short while, from one periodic task on the
 * shared {@link TaskScheduler} (no thread of its own).
 *
 * <p>Watching a connection for a departed caller costs two selector wake-ups, which is most of what a
 * small call costs; a call that ends within milliseconds gains nothing from it. So the handler
 * registers each call here (a map put and remove, no timer) and the watchdog, every {@code tick}, arms
 * the watchers of calls older than {@code tick}: a caller who leaves a long call is still noticed
 * within a few tens of milliseconds, far inside the one second the protocol promises.
 */
public final class CallWatchdog {
  private static final Logger log = LoggerFactory.getLogger(CallWatchdog.class);
  /** How long a call runs before its watchers are armed, and how often the watchdog looks. */
  public static final Duration DEFAULT_TICK = Duration.ofMillis(20);

  private final TaskScheduler scheduler;
  private final long tickNanos;
  private final Set<Registration> pending = ConcurrentHashMap.newKeySet();
  private final Scheduled ticking;

  /**
   * A registered call; closing it (when the call ends) withdraws it if it has not been armed. Its own
   * identity is its key in the pending set: no id counter, no boxing.
   */
  public final class Registration implements AutoCloseable {
    private final long startedNanos = scheduler.nanoTime();
    private final Runnable arm;

    private Registration(Runnable arm) {
      this.arm = arm;
    }

    @Override
    public void close() {
      pending.remove(this);
    }
  }

  /** A watchdog ticking every {@code tick} on {@code scheduler} until {@link #close()}. */
  public CallWatchdog(TaskScheduler scheduler, Duration tick) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.tickNanos = tick.toNanos();
    this.ticking = scheduler.every(tick, this::tick);
  }

  /** Stops the periodic task; calls still registered are never armed. */
  public void close() {
    ticking.cancel();
    pending.clear();
  }

  /** Runs {@code arm} once, from the watchdog's periodic task, if the call is still registered after a tick. */
  public Registration armLater(Runnable arm) {
    Registration registration = new Registration(arm);
    pending.add(registration);
    return registration;
  }

  /** Calls registered and not armed yet. */
  int pendingCount() {
    return pending.size();
  }

  private void tick() {
    long now = scheduler.nanoTime();
    pending.forEach(call -> {
      if (now - call.startedNanos >= tickNanos && pending.remove(call)) {
        try {
          call.arm.run();
        } catch (RuntimeException e) {
          log.warn("Arming a call's watcher failed", e);
        }
      }
    });
  }
}
