package dev.poto.runtime.session;

import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in this JVM's memory: the default, for development and single-instance servers. Data is
 * lost on restart and not shared between instances (pick the Redis or cookie provider for that).
 *
 * <p>Every write is atomic per key: it runs inside the map's per-user {@code compute}, so concurrent
 * writes of different keys for one user all survive, and a write never lands in a session that an
 * eviction is removing at the same moment. {@link #update} runs its read-modify-write inside that same
 * {@code compute}, so concurrent updates of one key serialize and none is lost.
 *
 * <p>Bounded two ways. <b>Idle timeout</b>: a session not touched for longer is gone; reads treat it as
 * absent at once and a sweep, a periodic task on the runtime's {@link TaskScheduler} (no thread of its
 * own; it starts when the runtime {@linkplain #start starts} the store, or at once on a scheduler given
 * to the builder), removes it every {@code sweepInterval} without blocking calls. <b>Max sessions</b>: creating a session beyond the bound evicts the least recently used
 * ones, so new users always get a session (refusing them would let a flood of visitors lock
 * everyone else out). Eviction scans all sessions, so it removes a batch (1% of the bound) at a
 * time to make that scan rare. Under concurrent creation the bound can be exceeded by the number of
 * sessions being created at that instant, until their creators finish evicting.
 */
public final class InMemorySessionProvider implements SessionProvider {
  private static final Logger log = LoggerFactory.getLogger(InMemorySessionProvider.class);

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_SESSIONS = 100_000;

  private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
  private final AtomicLong active = new AtomicLong();
  private final AtomicLong evicted = new AtomicLong();
  private final ReentrantLock evictionLock = new ReentrantLock();
  private final int maxSessions;
  private final Duration idleTimeout;
  private final InstantSource clock;
  private final Duration sweepInterval;
  private Scheduled sweeper = Scheduled.NONE;
  private boolean started;
  private boolean closed;

  /** Defaults: 30 minutes idle timeout, 100,000 sessions, sweeping every minute. */
  public InMemorySessionProvider() {
    this(builder());
  }

  private InMemorySessionProvider(Builder b) {
    this.maxSessions = b.maxSessions;
    this.idleTimeout = b.idleTimeout;
    this.clock = b.clock;
    this.sweepInterval = b.sweepInterval != null ? b.sweepInterval : defaultSweepInterval(idleTimeout);
    if (b.scheduler != null) {
      start(b.scheduler);
    }
  }

  /**
   * Starts the sweeper on {@code scheduler}. The first scheduler wins (the builder's, else the runtime's):
   * a store shared by several runtimes is swept once.
   */
  @Override
  public synchronized void start(TaskScheduler scheduler) {
    Objects.requireNonNull(scheduler, "scheduler");
    if (!started && !closed) {
      started = true;
      sweeper = scheduler.every(sweepInterval, this::sweep);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Optional<String> get(String userId, String key) {
    Session session = liveSession(userId);
    return session == null ? Optional.empty() : Optional.ofNullable(session.values.get(key));
  }

  @Override
  public void put(String userId, String key, String json) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    long now = now();
    boolean[] created = {false};
    sessions.compute(
        userId,
        (id, session) -> {
          if (session == null || session.idleLongerThan(idleTimeout, now)) {
            if (session != null) {
              expired(); // replaced in place: counts as removed, the new one as created
            }
            session = new Session(now);
            created[0] = true;
          }
          session.values.put(key, json);
          session.touch(now);
          return session;
        });
    if (created[0] && active.incrementAndGet() > maxSessions) {
      evictOverflow();
    }
  }

  /**
   * Runs {@code update} inside the map's per-user {@code compute}, so it sees and replaces the value
   * while no other write for this user can run: exactly once per call, never retried. Keep it short;
   * other users' writes that hash to the same map bin wait for it.
   */
  @Override
  public Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(update, "update");
    long now = now();
    boolean[] created = {false};
    AtomicReference<Optional<String>> stored = new AtomicReference<>();
    sessions.compute(
        userId,
        (id, session) -> {
          boolean live = session != null && !session.idleLongerThan(idleTimeout, now);
          // First the caller's function: if it throws, nothing here has changed yet.
          Optional<String> next =
              Objects.requireNonNull(update.apply(live ? Optional.ofNullable(session.values.get(key)) : Optional.empty()),
                  "update returned null; return Optional.empty() to remove the key");
          stored.set(next);
          if (!live) {
            if (session != null) {
              expired(); // replaced in place (or dropped): counts as removed
            }
            if (next.isEmpty()) {
              return null;
            }
            session = new Session(now);
            created[0] = true;
          }
          if (next.isPresent()) {
            session.values.put(key, next.get());
          } else {
            session.values.remove(key);
          }
          session.touch(now);
          return session;
        });
    if (created[0] && active.incrementAndGet() > maxSessions) {
      evictOverflow();
    }
    return stored.get();
  }

  @Override
  public boolean remove(String userId, String key) {
    boolean[] removed = {false};
    long now = now();
    sessions.computeIfPresent(
        userId,
        (id, session) -> {
          if (session.idleLongerThan(idleTimeout, now)) {
            expired();
            return null;
          }
          removed[0] = session.values.remove(key) != null;
          session.touch(now);
          return session;
        });
    return removed[0];
  }

  @Override
  public boolean delete(String userId) {
    Session session = sessions.remove(userId);
    if (session == null) {
      return false;
    }
    if (session.idleLongerThan(idleTimeout, now())) {
      expired(); // it had already timed out: not a session the caller still had
      return false;
    }
    active.decrementAndGet();
    return true;
  }

  @Override
  public boolean exists(String userId) {
    Session session = sessions.get(userId);
    return session != null && !session.idleLongerThan(idleTimeout, now());
  }

  @Override
  public SessionStats stats() {
    return new SessionStats(
        "memory", OptionalLong.of(active.get()), OptionalLong.of(maxSessions), OptionalLong.of(evicted.get()));
  }

  /** Removes sessions idle longer than {@code maxIdle} now; they count as evicted in the stats. */
  @Override
  public long cleanupIdle(Duration maxIdle) {
    Objects.requireNonNull(maxIdle, "maxIdle");
    long now = now();
    long removed = 0;
    for (Map.Entry<String, Session> entry : sessions.entrySet()) {
      Session session = entry.getValue();
      if (session.idleLongerThan(maxIdle, now)
          && removeIf(entry.getKey(), session, current -> current.idleLongerThan(maxIdle, now))) {
        removed++;
      }
    }
    return removed;
  }

  /** Stops the sweeper; the sessions stay readable. */
  @Override
  public synchronized void close() {
    closed = true;
    sweeper.cancel();
  }

  private void sweep() {
    try {
      long removed = cleanupIdle(idleTimeout);
      if (removed > 0) {
        log.debug("Session sweeper removed {} idle sessions", removed);
      }
    } catch (RuntimeException e) {
      log.warn("Session sweep failed; the next one will retry", e);
    }
  }

  private Session liveSession(String userId) {
    Session session = sessions.get(userId);
    if (session == null) {
      return null;
    }
    long now = now();
    if (session.idleLongerThan(idleTimeout, now)) {
      removeIf(userId, session, current -> current.idleLongerThan(idleTimeout, now));
      return null;
    }
    session.touch(now);
    return session;
  }

  /**
   * Removes {@code session} if it is still the user's session and still matches {@code stillStale},
   * checked under the map's lock for that user so a concurrent write is never lost.
   */
  private boolean removeIf(String userId, Session session, Predicate<Session> stillStale) {
    boolean[] removed = {false};
    sessions.computeIfPresent(
        userId,
        (id, current) -> {
          if (current != session || !stillStale.test(current)) {
            return current;
          }
          removed[0] = true;
          return null;
        });
    if (removed[0]) {
      expired();
    }
    return removed[0];
  }

  private void expired() {
    active.decrementAndGet();
    evicted.incrementAndGet();
  }

  /** Brings the count back under the bound by removing the least recently used sessions. */
  private void evictOverflow() {
    if (!evictionLock.tryLock()) {
      return; // another creator is evicting, and it loops until the count fits
    }
    try {
      long headroom = maxSessions / 100;
      while (active.get() > maxSessions) {
        long toEvict = active.get() - maxSessions + headroom;
        int removed = 0;
        for (Candidate c : leastRecentlyUsed(toEvict)) {
          if (removeIf(c.userId, c.session, current -> current.lastAccess == c.seenAccess)) {
            removed++;
          }
        }
        if (removed == 0 && sessions.isEmpty()) {
          return; // nothing left to evict (cannot happen while the count is right; never spin)
        }
      }
    } finally {
      evictionLock.unlock();
    }
  }

  private List<Candidate> leastRecentlyUsed(long count) {
    // A max-heap of the `count` oldest sessions seen so far: one pass, no global lock.
    PriorityQueue<Candidate> oldest =
        new PriorityQueue<>(Comparator.comparingLong((Candidate c) -> c.seenAccess).reversed());
    for (Map.Entry<String, Session> entry : sessions.entrySet()) {
      Candidate c = new Candidate(entry.getKey(), entry.getValue(), entry.getValue().lastAccess);
      if (oldest.size() < count) {
        oldest.add(c);
      } else if (c.seenAccess < oldest.peek().seenAccess) {
        oldest.poll();
        oldest.add(c);
      }
    }
    return new ArrayList<>(oldest);
  }

  private long now() {
    return clock.millis();
  }

  private static Duration defaultSweepInterval(Duration idle) {
    Duration quarter = idle.dividedBy(4);
    return quarter.compareTo(Duration.ofMinutes(1)) < 0 ? quarter : Duration.ofMinutes(1);
  }

  private record Candidate(String userId, Session session, long seenAccess) {}

  private static final class Session {
    final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();
    volatile long lastAccess;

    Session(long now) {
      this.lastAccess = now;
    }

    void touch(long now) {
      if (now > lastAccess) {
        lastAccess = now;
      }
    }

    boolean idleLongerThan(Duration idle, long now) {
      return now - lastAccess > idle.toMillis();
    }
  }

  public static final class Builder {
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private Duration sweepInterval;
    private InstantSource clock = InstantSource.system();
    private TaskScheduler scheduler;

    private Builder() {}

    public Builder maxSessions(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1, was " + max);
      }
      this.maxSessions = max;
      return this;
    }

    public Builder idleTimeout(Duration idle) {
      if (idle.isNegative() || idle.isZero()) {
        throw new IllegalArgumentException("idleTimeout must be positive, was " + idle);
      }
      this.idleTimeout = idle;
      return this;
    }

    /** How often the sweeper runs; default a quarter of the idle timeout, at most one minute. */
    public Builder sweepInterval(Duration every) {
      if (every.toMillis() < 1) {
        throw new IllegalArgumentException("sweepInterval must be at least 1 ms, was " + every);
      }
      this.sweepInterval = every;
      return this;
    }

    /** The time source for idle tracking (tests pass a fake one). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where the sweep runs, from construction on. Without it the sweep starts on the runtime's
     * scheduler when the runtime starts the store.
     */
    public Builder scheduler(TaskScheduler scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    public InMemorySessionProvider build() {
      return new InMemorySessionProvider(this);
    }
  }
}
