package dev.poto.runtime.stream;

import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heartbeats of every open stream of a writer, as one periodic sweep instead of a timer task per
 * stream: each {@linkplain #TICKS_PER_INTERVAL tick} it looks at when each stream last wrote, and a
 * stream quiet for a whole interval gets a {@code : ping} comment, so proxies keep it open and a
 * departed caller is noticed by the failing write. A stream is therefore pinged after between one
 * interval and one interval plus a tick of silence (15 to 16 s by default).
 *
 * <p>Each ping is a task of its own on the scheduler (a virtual thread on the system scheduler): a
 * write blocked by one slow caller holds up no other stream's ping. A stream waits for its ping to end
 * before another is due. The sweep runs only while a stream is watched, so an idle server has no timer.
 */
final class HeartbeatSweep {
  /** Ticks per heartbeat interval: how late after a full interval a ping may come, at most. */
  static final int TICKS_PER_INTERVAL = 15;

  private final TaskScheduler scheduler;
  private final long intervalNanos;
  private final Duration tick;
  private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
  private Scheduled sweeping = Scheduled.NONE; // guarded by this

  HeartbeatSweep(TaskScheduler scheduler, Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("heartbeat interval must be positive, was " + interval);
    }
    this.scheduler = scheduler;
    this.intervalNanos = interval.toNanos();
    this.tick = Duration.ofNanos(Math.max(1, intervalNanos / TICKS_PER_INTERVAL));
  }

  /**
   * Pings {@code output} whenever it has been quiet for an interval, until the returned handle is
   * cancelled; {@code onClientGone} runs when a ping finds the connection gone.
   */
  Scheduled watch(EventStreamOutput output, Runnable onClientGone) {
    Watched stream = new Watched(output, onClientGone);
    watched.add(stream);
    synchronized (this) {
      if (sweeping == Scheduled.NONE && !watched.isEmpty()) {
        sweeping = scheduler.every(tick, this::sweep);
      }
    }
    return stream;
  }

  /** Streams watched now; for tests. */
  int watching() {
    return watched.size();
  }

  private void unwatch(Watched stream) {
    if (!watched.remove(stream)) {
      return;
    }
    Scheduled toCancel = Scheduled.NONE;
    synchronized (this) {
      if (watched.isEmpty()) { // checked under the lock that starts the sweep: a new stream restarts it
        toCancel = sweeping;
        sweeping = Scheduled.NONE;
      }
    }
    toCancel.cancel();
  }

  private void sweep() {
    long now = scheduler.nanoTime();
    for (Watched stream : watched) {
      if (!stream.pinging && now - stream.output.lastWriteNanos() >= intervalNanos) {
        stream.pinging = true;
        scheduler.schedule(Duration.ZERO, stream::ping);
      }
    }
  }

  private final class Watched implements Scheduled {
    final EventStreamOutput output;
    final Runnable onClientGone;
    /** A ping is on its way: set by the sweep, cleared by the ping. */
    volatile boolean pinging;

    Watched(EventStreamOutput output, Runnable onClientGone) {
      this.output = output;
      this.onClientGone = onClientGone;
    }

    void ping() {
      try {
        if (scheduler.nanoTime() - output.lastWriteNanos() >= intervalNanos) { // nothing went out meanwhile
          output.ping();
        }
      } catch (ClientGoneException e) {
        unwatch(this);
        onClientGone.run();
      } finally {
        pinging = false;
      }
    }

    @Override
    public void cancel() {
      unwatch(this);
    }
  }
}
