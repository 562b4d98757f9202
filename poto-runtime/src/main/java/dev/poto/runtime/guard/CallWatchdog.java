package dev.poto.runtime.guard;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arms work for calls that are still running after a short while, from one background thread.
 *
 * <p>Watching a connection for a departed caller costs two selector wake-ups, which is most of what a
 * small call costs; a call that ends within milliseconds gains nothing from it. So the handler
 * registers each call here (a map put and remove, no timer) and this thread, every {@code tick}, arms
 * the watchers of calls older than {@code tick}: a caller who leaves a long call is still noticed
 * within a few tens of milliseconds, far inside the one second the protocol promises.
 */
public final class CallWatchdog {
  private static final Logger log = LoggerFactory.getLogger(CallWatchdog.class);
  private static final CallWatchdog SYSTEM = new CallWatchdog(Duration.ofMillis(20));

  private final long tickNanos;
  private final Set<Registration> pending = ConcurrentHashMap.newKeySet();

  /**
   * A registered call; closing it (when the call ends) withdraws it if it has not been armed. Its own
   * identity is its key in the pending set: no id counter, no boxing.
   */
  public final class Registration implements AutoCloseable {
    private final long startedNanos = System.nanoTime();
    private final Runnable arm;

    private Registration(Runnable arm) {
      this.arm = arm;
    }

    @Override
    public void close() {
      pending.remove(this);
    }
  }

  CallWatchdog(Duration tick) {
    this.tickNanos = tick.toNanos();
    Thread thread = Thread.ofPlatform().daemon().name("poto-call-watchdog").unstarted(this::loop);
    thread.start();
  }

  /** The process-wide watchdog (20 ms tick). */
  public static CallWatchdog system() {
    return SYSTEM;
  }

  /** Runs {@code arm} once, on the watchdog thread, if the call is still registered after a tick. */
  public Registration armLater(Runnable arm) {
    Registration registration = new Registration(arm);
    pending.add(registration);
    return registration;
  }

  /** Calls registered and not armed yet. */
  int pendingCount() {
    return pending.size();
  }

  private void loop() {
    while (true) {
      try {
        Thread.sleep(Duration.ofNanos(tickNanos));
        long now = System.nanoTime();
        pending.forEach(call -> {
          if (now - call.startedNanos >= tickNanos && pending.remove(call)) {
            try {
              call.arm.run();
            } catch (RuntimeException e) {
              log.warn("Arming a call's watcher failed", e);
            }
          }
        });
      } catch (InterruptedException e) {
        return; // a daemon thread: only interrupted when the JVM goes down
      } catch (RuntimeException e) {
        log.warn("The call watchdog hit an error and goes on", e);
      }
    }
  }
}
