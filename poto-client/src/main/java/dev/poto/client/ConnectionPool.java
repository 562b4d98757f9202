package dev.poto.client;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The idle connections of one client's {@link DirectTransport}, kept per origin for the next call
 * there, so a stream or a binary result does not pay a new connection (and a TLS handshake) each.
 * At most {@code maxIdle} per origin, each for at most {@code idleTimeout}; the most recently used
 * goes out first, so a quiet period lets the others expire. A connection handed out is probed first
 * ({@link Http1Connection#idleAndOpen()}): one the server closed meanwhile is dropped, not used.
 *
 * <p>No thread per connection: one daemon thread shared by every client closes the connections whose
 * idle time ran out, waking only when one is due.
 */
final class ConnectionPool {
  private final int maxIdle;
  private final long idleNanos;
  private final Map<String, ArrayDeque<Http1Connection>> idle = new HashMap<>(); // guarded by this
  private ScheduledFuture<?> sweep; // guarded by this
  private boolean closed; // guarded by this

  /** @see PotoClient.Builder#maxIdleConnections @see PotoClient.Builder#idleConnectionTimeout */
  ConnectionPool(int maxIdle, Duration idleTimeout) {
    if (maxIdle < 0) {
      throw new IllegalArgumentException("maxIdle must not be negative, was " + maxIdle);
    }
    this.maxIdle = maxIdle;
    this.idleNanos = idleTimeout.toNanos();
  }

  int maxIdle() {
    return maxIdle;
  }

  Duration idleTimeout() {
    return Duration.ofNanos(idleNanos);
  }

  /** An idle connection to {@code origin} that can carry a call now, or null. */
  Http1Connection take(String origin) {
    while (true) {
      Http1Connection connection;
      synchronized (this) {
        ArrayDeque<Http1Connection> kept = idle.get(origin);
        connection = kept == null ? null : kept.pollLast();
      }
      if (connection == null) {
        return null;
      }
      if (System.nanoTime() - connection.idleSince < idleNanos && connection.idleAndOpen()) {
        return connection;
      }
      connection.close(); // expired, or the server closed it: the next one may be good
    }
  }

  /** Keeps {@code connection} for a later call; false (the caller closes it) when full or closed. */
  boolean offer(Http1Connection connection) {
    synchronized (this) {
      if (closed || maxIdle == 0) {
        return false;
      }
      ArrayDeque<Http1Connection> kept = idle.computeIfAbsent(connection.origin, o -> new ArrayDeque<>());
      if (kept.size() >= maxIdle) {
        return false;
      }
      connection.idleSince = System.nanoTime();
      kept.addLast(connection);
      if (sweep == null) {
        sweep = Sweeper.THREAD.schedule(this::sweep, idleNanos, TimeUnit.NANOSECONDS);
      }
      return true;
    }
  }

  /** The idle connections to {@code origin} now (for tests). */
  synchronized int idleCount(String origin) {
    ArrayDeque<Http1Connection> kept = idle.get(origin);
    return kept == null ? 0 : kept.size();
  }

  /** Closes the connections whose idle time ran out, and wakes again when the next one is due. */
  private void sweep() {
    List<Http1Connection> expired = new ArrayList<>();
    synchronized (this) {
      sweep = null;
      long now = System.nanoTime();
      long next = Long.MAX_VALUE;
      for (ArrayDeque<Http1Connection> kept : idle.values()) {
        while (!kept.isEmpty() && now - kept.peekFirst().idleSince >= idleNanos) {
          expired.add(kept.pollFirst());
        }
        if (!kept.isEmpty()) {
          next = Math.min(next, kept.peekFirst().idleSince + idleNanos - now);
        }
      }
      idle.values().removeIf(ArrayDeque::isEmpty);
      if (next != Long.MAX_VALUE && !closed) {
        sweep = Sweeper.THREAD.schedule(this::sweep, next, TimeUnit.NANOSECONDS);
      }
    }
    expired.forEach(Http1Connection::close);
  }

  /** Closes every idle connection; later offers are refused. */
  void close() {
    List<Http1Connection> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
      if (sweep != null) {
        sweep.cancel(false);
        sweep = null;
      }
    }
    all.forEach(Http1Connection::close);
  }

  /** The one thread that closes expired connections for every client, started with the first pool that keeps one. */
  private static final class Sweeper {
    static final ScheduledThreadPoolExecutor THREAD = new ScheduledThreadPoolExecutor(1, task -> {
      Thread thread = new Thread(task, "poto-client-idle-connections");
      thread.setDaemon(true);
      return thread;
    });

    static {
      THREAD.setRemoveOnCancelPolicy(true);
    }
  }
}
