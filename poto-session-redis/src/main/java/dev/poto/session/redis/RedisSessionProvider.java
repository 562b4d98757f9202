package dev.poto.session.redis;

import dev.poto.runtime.auth.AttemptStore;
import dev.poto.runtime.session.SessionConflictException;
import dev.poto.runtime.health.CachedHealthCheck;
import dev.poto.runtime.health.HealthCheck;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.session.SessionUnavailableException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session data in Redis, shared by every node that points at the same Redis and key prefix: a standalone
 * server, a master found through Redis Sentinel, or a Redis Cluster ({@link RedisMode}).
 *
 * <p>Each user's session is one Redis hash ({@code {prefix}session:{userId}}, one field per key, values
 * are JSON text), so writes of different keys never overwrite each other, and {@link #update}
 * read-modify-writes one key atomically across nodes. Every access renews the
 * hash's TTL to the idle timeout in the same atomic script, and keeps a sorted-set index of last
 * access times that makes {@link #stats()} exact and {@link #cleanupIdle} cheap (see {@link
 * SessionKeys}, which also says how the keys are hash-tagged on a Cluster).
 *
 * <p>With Sentinel or a Cluster a session write is acknowledged once {@link RedisSessionConfig#replicaAcks()}
 * replicas have it (Redis {@code WAIT}), so a failover, which promotes the most up-to-date replica, keeps
 * every acknowledged write; a write too few replicas confirmed in time answers 503 like any other write
 * whose outcome is not known.
 *
 * <p>Failures: the constructor fails with {@link RedisSessionStartupException} when Redis cannot be
 * reached. Later, while Redis is away, every call throws {@link SessionUnavailableException} (503
 * {@code session_unavailable}) within the command timeout: commands are rejected at once while the
 * connection is down, and a Redis that stops answering times out. The connection reconnects on its
 * own; the first call after Redis is back succeeds without recreating the provider.
 *
 * <p>It is also an {@link AttemptStore}: the runtime keeps its login and visitor limits here
 * ({@code {prefix}attempts:...}, see {@link AttemptScripts}), so they hold across every node.
 */
public final class RedisSessionProvider implements SessionProvider, AttemptStore, HealthCheck, AutoCloseable {
  public static final String PROVIDER_NAME = "redis";

  /** How often {@link #update} tries before it gives up with 409 {@code session_conflict}. */
  public static final int MAX_UPDATE_ATTEMPTS = 32;

  /** The longest pause between two attempts of {@link #update}. */
  static final Duration MAX_CONFLICT_PAUSE = Duration.ofMillis(50);

  private static final Logger LOG = LoggerFactory.getLogger(RedisSessionProvider.class);
  private static final int BATCH = 1000;
  /** Tells apart attempts recorded in the same millisecond. */
  private static final SecureRandom MEMBER_RANDOM = new SecureRandom();
  private static final String UNAVAILABLE_MESSAGE =
      "The session store is unavailable at the moment; please try again shortly.";

  /** How long a readiness answer about Redis is reused before Redis is pinged again. */
  public static final Duration HEALTH_PROBE_INTERVAL = Duration.ofSeconds(1);

  private final RedisSessionConfig config;
  private final SessionKeys keys;
  private final String idleMillis;
  private final int replicaAcks;
  private final ClientResources resources;
  private final RedisLink redis;
  private final AtomicBoolean reachable = new AtomicBoolean(true);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final UpdateTurns turns = new UpdateTurns();
  /** Readiness probes are anonymous: at most one PING a second, however often they ask. */
  private final CachedHealthCheck health = new CachedHealthCheck(this::answersPing, HEALTH_PROBE_INTERVAL);

  /** Connects to Redis and checks it answers; throws {@link RedisSessionStartupException} if not. */
  public RedisSessionProvider(RedisSessionConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.keys = SessionKeys.of(config.mode(), config.keyPrefix());
    this.idleMillis = Long.toString(config.idleTimeout().toMillis());
    this.replicaAcks = config.replicaAcks();
    this.resources =
        ClientResources.builder()
            .ioThreadPoolSize(2)
            .computationThreadPoolSize(2)
            .reconnectDelay(
                Delay.exponential(Duration.ofMillis(10), config.maxReconnectDelay(), 2, TimeUnit.MILLISECONDS))
            .build();
    try {
      this.redis = connect(config, resources);
    } catch (RedisException e) {
      releaseResources();
      throw new RedisSessionStartupException(startupMessage(e), e);
    }
    LOG.info("Redis sessions on {} ({}, database {}, key prefix '{}', idle timeout {}, replica acks {})",
        config.target(), config.mode().configName(), config.database(), config.keyPrefix(), config.idleTimeout(),
        replicaAcks);
  }

  private static RedisLink connect(RedisSessionConfig config, ClientResources resources) {
    List<io.lettuce.core.RedisURI> uris = config.connectionUris();
    if (config.mode() == RedisMode.CLUSTER) {
      ClusterLink cluster = new ClusterLink(resources, config, uris);
      try {
        cluster.prepare();
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
    ServerLink server = new ServerLink(resources, config, uris.getFirst());
    try {
      List<SessionScripts.Script> scripts = new ArrayList<>(SessionScripts.ALL);
      scripts.addAll(AttemptScripts.ALL);
      server.prepare(scripts);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private String startupMessage(RedisException e) {
    String reason = scrub(rootMessage(e)).replaceAll("[.\\s]+$", "");
    return "Cannot use Redis at " + config.target() + " (" + config.mode().configName() + ", database " + config.database()
        + (config.tls() ? ", TLS" : "") + ") for Poto sessions: " + reason
        + ". Check that Redis is running and reachable from this host, that the URI ("
        + RedisSessionConfig.ENV_URI + ") names the right host, port and database (for Sentinel: the"
        + " sentinels and the master name; for a Cluster: seed nodes of a cluster whose every slot is served),"
        + " that the password is right, and that rediss:// is used exactly when the server expects TLS.";
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  // Messages from the client library are not ours; make sure none repeats the password.
  private String scrub(String text) {
    String password = config.passwordOrNull();
    return password == null ? text : text.replace(password, "****");
  }

  /**
   * Whether Redis answers a PING (within the command timeout; on a Cluster: every primary, and every slot
   * has one), probed at most once per {@link #HEALTH_PROBE_INTERVAL}: {@code {prefix}/_health/ready} is
   * false while it does not.
   */
  @Override
  public boolean healthy() {
    return !closed.get() && health.healthy();
  }

  private boolean answersPing() {
    return call(redis::primariesAnswer);
  }

  public RedisSessionConfig config() {
    return config;
  }

  @Override
  public Optional<String> get(String userId, String key) {
    Objects.requireNonNull(key, "key");
    String value = call(() -> perUser(SessionScripts.GET, ScriptOutputType.VALUE, userId, key));
    return Optional.ofNullable(value);
  }

  @Override
  public void put(String userId, String key, String json) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(json, "json");
    call(() -> perUserWrite(SessionScripts.PUT, ScriptOutputType.INTEGER, userId, key, json));
  }

  /**
   * Atomic across every node, optimistically: reads the value, applies {@code update} here, and writes
   * with {@link SessionScripts#COMPARE_AND_SET}, which refuses when the key changed since the read. A
   * refused write starts over (read again, apply again) after a short random pause that grows with each
   * refusal, so contenders drift apart; after {@value #MAX_UPDATE_ATTEMPTS} refusals the call fails with
   * 409 {@code session_conflict}, leaving the key as the other writers left it. A Redis failure is a 503
   * at once, never retried.
   *
   * <p>Updates of one key on this node take turns ({@link UpdateTurns}), so only other nodes' writes make
   * one start over. While Redis fails, the updates queued behind a failing one answer 503 at once instead
   * of each waiting the command timeout in turn.
   */
  @Override
  public Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update) {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(update, "update");
    ReentrantLock turn = awaitTurn(turns.of(userId, key));
    try {
      for (int attempt = 1; attempt <= MAX_UPDATE_ATTEMPTS; attempt++) {
        Optional<String> current = get(userId, key);
        Optional<String> next = Objects.requireNonNull(
            update.apply(current), "update returned null; return Optional.empty() to remove the key");
        Long written = call(() -> perUserWrite(SessionScripts.COMPARE_AND_SET, ScriptOutputType.INTEGER, userId, key,
            current.isPresent() ? "1" : "0", current.orElse(""), next.isPresent() ? "1" : "0", next.orElse("")));
        if (written == 1L) {
          return next;
        }
        if (attempt < MAX_UPDATE_ATTEMPTS) {
          pauseAfterConflict(attempt);
        }
      }
    } finally {
      turn.unlock();
    }
    throw new SessionConflictException(
        "The session value '" + key + "' kept changing under concurrent writes; it was not updated after "
            + MAX_UPDATE_ATTEMPTS + " attempts. Try again.");
  }

  /**
   * Waits for this node's turn to update the key, first come first served; the call's cancellation (client
   * gone, deadline passed) interrupts the wait. A call that had to wait and finds Redis failed meanwhile
   * answers 503 at once: the call ahead of it has just waited the command timeout for Redis.
   */
  private ReentrantLock awaitTurn(ReentrantLock turn) {
    try {
      if (turn.tryLock(0, TimeUnit.NANOSECONDS)) { // free, and nobody queued (unlike tryLock(), keeps the order)
        return turn;
      }
      turn.lockInterruptibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionUnavailableException("The call was cancelled while waiting to update the session.", e);
    }
    if (!reachable.get()) {
      turn.unlock();
      throw new SessionUnavailableException(UNAVAILABLE_MESSAGE, null);
    }
    return turn;
  }

  /** A random pause below 2^attempt ms, at most {@link #MAX_CONFLICT_PAUSE}: contenders drift apart. */
  private static void pauseAfterConflict(int attempt) {
    long boundNanos = Math.min(MAX_CONFLICT_PAUSE.toNanos(), TimeUnit.MILLISECONDS.toNanos(1L << Math.min(attempt, 20)));
    try {
      Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(boundNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SessionUnavailableException("The call was cancelled while updating the session.", e);
    }
  }

  @Override
  public boolean remove(String userId, String key) {
    Objects.requireNonNull(key, "key");
    Long removed = call(() -> perUserWrite(SessionScripts.REMOVE, ScriptOutputType.INTEGER, userId, key));
    return removed == 1L;
  }

  @Override
  public boolean delete(String userId) {
    Long deleted = call(() -> perUserWrite(SessionScripts.DELETE, ScriptOutputType.INTEGER, userId));
    return deleted == 1L;
  }

  /** Whether the user has a session; a plain check that does not count as an access. */
  @Override
  public boolean exists(String userId) {
    String key = keys.bucketOf(userId).session(userId);
    return call(() -> redis.exists(key));
  }

  /**
   * Exact counts from Redis: {@code activeSessions} is the number of live sessions under this prefix
   * (shared by all nodes), {@code evictedSessions} counts sessions removed for idleness (expired by their
   * TTL or deleted by {@link #cleanupIdle}) since the counter was created in this Redis. No bound, so
   * {@code maxSessions} is empty.
   */
  @Override
  public SessionStats stats() {
    return call(() -> {
      long active = 0;
      long evicted = 0;
      for (SessionKeys.Bucket bucket : keys.buckets()) {
        long[] counts = bucketStats(bucket);
        active += counts[0];
        evicted += counts[1];
      }
      return new SessionStats(PROVIDER_NAME, OptionalLong.of(active), OptionalLong.empty(), OptionalLong.of(evicted));
    });
  }

  /** {sessions indexed, evicted total} of one bucket, after dropping the entries Redis expired. */
  private long[] bucketStats(SessionKeys.Bucket bucket) {
    long offset = 0;
    while (true) {
      List<Long> batch = redis.run(SessionScripts.STATS_BATCH, ScriptOutputType.MULTI,
          new String[] {bucket.index(), bucket.evictedCounter()},
          idleMillis, bucket.sessionPrefix(), Long.toString(offset), Integer.toString(BATCH));
      long looked = batch.get(0);
      offset += looked - batch.get(1);
      if (looked < BATCH) {
        return new long[] {batch.get(2), batch.get(3)};
      }
    }
  }

  /**
   * Deletes every session not touched for longer than {@code maxIdle} (by the Redis clock), in batches
   * so Redis never blocks long, and returns how many it deleted. Sessions Redis had already expired by
   * their TTL are not counted here (they were gone already) but do count in {@code evictedSessions}.
   */
  @Override
  public long cleanupIdle(Duration maxIdle) {
    Objects.requireNonNull(maxIdle, "maxIdle");
    String maxIdleMillis = Long.toString(Math.max(0, maxIdle.toMillis()));
    return call(() -> {
      long deleted = 0;
      for (SessionKeys.Bucket bucket : keys.buckets()) {
        while (true) {
          List<Long> batch = redis.run(SessionScripts.CLEANUP_BATCH, ScriptOutputType.MULTI,
              new String[] {bucket.index(), bucket.evictedCounter()},
              maxIdleMillis, bucket.sessionPrefix(), Integer.toString(BATCH));
          deleted += batch.get(1);
          if (batch.get(0) < BATCH) {
            break;
          }
        }
      }
      return deleted;
    });
  }

  @Override
  public Duration retryAfter(String key, int limit, Duration window) {
    Long millis = call(() -> redis.run(AttemptScripts.RETRY_AFTER, ScriptOutputType.INTEGER,
        new String[] {keys.attempts(key)}, Integer.toString(limit), Long.toString(window.toMillis())));
    return Duration.ofMillis(millis);
  }

  @Override
  public void record(String key, int limit, Duration window) {
    byte[] unique = new byte[9];
    MEMBER_RANDOM.nextBytes(unique);
    String member = Base64.getUrlEncoder().withoutPadding().encodeToString(unique);
    call(() -> redis.run(AttemptScripts.RECORD, ScriptOutputType.INTEGER,
        new String[] {keys.attempts(key)}, Integer.toString(limit), Long.toString(window.toMillis()), member));
  }

  private <T> T perUser(SessionScripts.Script script, ScriptOutputType type, String userId, String... extra) {
    return redis.run(script, type, perUserKeys(userId), perUserArgs(userId, extra));
  }

  /** A session write: acknowledged only once {@link RedisSessionConfig#replicaAcks()} replicas have it. */
  private <T> T perUserWrite(SessionScripts.Script script, ScriptOutputType type, String userId, String... extra) {
    return redis.runReplicated(script, type, replicaAcks, perUserKeys(userId), perUserArgs(userId, extra));
  }

  private String[] perUserKeys(String userId) {
    SessionKeys.Bucket bucket = keys.bucketOf(Objects.requireNonNull(userId, "userId"));
    return new String[] {bucket.session(userId), bucket.index(), bucket.evictedCounter()};
  }

  private String[] perUserArgs(String userId, String... extra) {
    String[] args = new String[2 + extra.length];
    args[0] = userId;
    args[1] = idleMillis;
    System.arraycopy(extra, 0, args, 2, extra.length);
    return args;
  }

  private <T> T call(Supplier<T> command) {
    if (closed.get()) {
      throw new IllegalStateException("This RedisSessionProvider is closed");
    }
    try {
      T result = command.get();
      if (reachable.compareAndSet(false, true)) {
        LOG.info("Redis sessions on {} are available again", config.target());
      }
      return result;
    } catch (RedisCommandInterruptedException e) {
      // The call was cancelled (client gone, deadline passed): not a Redis problem, so no health change.
      Thread.currentThread().interrupt();
      throw new SessionUnavailableException("The call was cancelled while waiting for the session store.", e);
    } catch (RedisException e) {
      if (reachable.compareAndSet(true, false)) {
        LOG.warn("Redis sessions on {} are unavailable ({}); session calls answer 503 until it is back",
            config.target(), scrub(rootMessage(e)));
      } else {
        LOG.debug("Redis sessions on {} still unavailable: {}", config.target(), scrub(rootMessage(e)));
      }
      throw new SessionUnavailableException(UNAVAILABLE_MESSAGE, e);
    }
  }

  /** Closes the connections and releases the client's threads. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      redis.close();
      releaseResources();
    }
  }

  private void releaseResources() {
    try {
      resources.shutdown(0, 2, TimeUnit.SECONDS).get(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("Redis client threads did not stop cleanly", e);
    }
  }
}
