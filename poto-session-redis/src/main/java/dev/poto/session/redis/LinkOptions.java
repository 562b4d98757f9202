package dev.poto.session.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import java.time.Duration;

/** The Lettuce client options of every mode, from one {@link RedisSessionConfig}. */
final class LinkOptions {
  private LinkOptions() {}

  /**
   * The least time between two topology reads that errors or redirections trigger in a Cluster: short, so
   * a failover is noticed within about a second, yet a storm of errors reads the topology once.
   */
  static final Duration ADAPTIVE_REFRESH_SPACING = Duration.ofMillis(500);

  /**
   * How long {@code WAIT} may wait for replicas: half the command timeout, so Redis answers with the
   * count before the client gives up on the command (a command the client gave up on would still hold
   * the connection until Redis answers it).
   */
  static long replicaWaitMillis(RedisSessionConfig config) {
    return Math.max(1, config.commandTimeout().toMillis() / 2);
  }

  static ClientOptions client(RedisSessionConfig config) {
    return ClientOptions.builder()
        .autoReconnect(true)
        // While disconnected, fail at once instead of queueing: callers get a 503, not a hang.
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(socket(config))
        .build();
  }

  static ClusterClientOptions cluster(RedisSessionConfig config) {
    return ClusterClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()))
        .socketOptions(socket(config))
        .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(config.topologyRefreshPeriod())
            .enableAllAdaptiveRefreshTriggers()
            .adaptiveRefreshTriggersTimeout(ADAPTIVE_REFRESH_SPACING)
            .refreshTriggersReconnectAttempts(2)
            .build())
        .build();
  }

  private static SocketOptions socket(RedisSessionConfig config) {
    return SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build();
  }
}
