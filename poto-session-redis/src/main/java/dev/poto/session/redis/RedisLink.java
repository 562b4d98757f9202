package dev.poto.session.redis;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;

/**
 * The provider's connections to Redis, one implementation per way of reaching it: {@link ServerLink} for a
 * standalone server (directly or through Sentinel) and {@link ClusterLink} for a Redis Cluster. Every
 * method throws {@link RedisException} when Redis cannot answer; the provider turns that into a 503.
 */
interface RedisLink extends AutoCloseable {

  /** Runs {@code script} on the primary that holds {@code keys} (all in one slot). */
  <T> T run(SessionScripts.Script script, ScriptOutputType type, String[] keys, String... args);

  /**
   * Runs a writing {@code script} like {@link #run}, then waits (Redis {@code WAIT}, on the connection that
   * sent the write) until {@code replicas} replicas of that primary have it, at most half the command timeout.
   * Throws {@link ReplicasMissingException} when fewer confirmed it (the write is on the primary only).
   */
  <T> T runReplicated(SessionScripts.Script script, ScriptOutputType type, int replicas, String[] keys, String... args);

  boolean exists(String key);

  /** Whether every primary the data lives on answers a PING now. */
  boolean primariesAnswer();

  @Override
  void close();

  /** A write the primary took but too few replicas confirmed in time: a failover could still lose it. */
  final class ReplicasMissingException extends RedisException {
    ReplicasMissingException(long confirmed, int wanted) {
      super(confirmed + " of " + wanted + " replica(s) confirmed the write in time");
    }
  }
}
