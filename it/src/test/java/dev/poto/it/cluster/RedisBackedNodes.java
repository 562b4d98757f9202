package dev.poto.it.cluster;

import dev.poto.session.redis.RedisServerProcess;
import dev.poto.session.redis.RedisSessionConfig;
import java.time.Duration;
import java.util.Map;

/**
 * One Redis server and two Poto nodes storing their sessions in it behind nginx: the fixture of the
 * multi-node Redis tests, which differ only in their key prefix and Redis command timeout.
 */
final class RedisBackedNodes implements AutoCloseable {
  final RedisServerProcess redis;
  final TwoNodeCluster cluster;

  private RedisBackedNodes(RedisServerProcess redis, TwoNodeCluster cluster) {
    this.redis = redis;
    this.cluster = cluster;
  }

  static RedisBackedNodes start(String keyPrefix, Duration commandTimeout) throws Exception {
    RedisServerProcess redis = RedisServerProcess.start();
    try {
      TwoNodeCluster cluster = TwoNodeCluster.start("redis", Map.of(
          RedisSessionConfig.ENV_URI, redis.uri(),
          RedisSessionConfig.ENV_PREFIX, keyPrefix,
          RedisSessionConfig.ENV_COMMAND_TIMEOUT, commandTimeout.toMillis() + "ms",
          // Generous: a cold node JVM on a busy CI machine can take seconds for its first handshake.
          RedisSessionConfig.ENV_CONNECT_TIMEOUT, "15s"));
      return new RedisBackedNodes(redis, cluster);
    } catch (Exception | Error e) {
      redis.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    try {
      cluster.close();
    } finally {
      redis.close();
    }
  }
}
