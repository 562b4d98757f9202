package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.session.SessionUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Readiness on a Redis Cluster without replicas (three primaries): while one primary is down nothing can
 * take its slots, so the store is not ready and the sessions on it answer 503 (and, once the cluster
 * notices, every session: by default a cluster with an uncovered slot refuses all queries); once it is
 * back the same store is ready again, no restart, and the other primaries' sessions are intact.
 */
class RedisClusterHealthTest {

  @Test
  void notReadyWhileASlotHasNoReachablePrimaryAndReadyAgainOnceItIsBack() {
    try (LocalRedisCluster cluster = LocalRedisCluster.start(3, 0);
        RedisSessionProvider store = new RedisSessionProvider(RedisSessionConfig.builder(cluster.seeds())
            .replicaAcks(0)
            .commandTimeout(Duration.ofSeconds(2))
            .connectTimeout(Duration.ofSeconds(1))
            .maxReconnectDelay(Duration.ofMillis(200))
            .topologyRefreshPeriod(Duration.ofSeconds(1))
            .build())) {
      SessionKeys layout = SessionKeys.of(RedisMode.CLUSTER, store.config().keyPrefix());
      String onVictim = "user-a";
      RedisServerProcess victim = cluster.primaryOf(layout.bucketOf(onVictim).session(onVictim));
      String elsewhere = null;
      for (int i = 0; elsewhere == null; i++) {
        String candidate = "user-" + i;
        if (cluster.primaryOf(layout.bucketOf(candidate).session(candidate)) != victim) {
          elsewhere = candidate;
        }
      }
      store.put(onVictim, "k", "1");
      store.put(elsewhere, "k", "1");
      assertThat(store.healthy()).isTrue();

      victim.kill();
      LocalRedisCluster.await("not ready while a primary is down", () -> !store.healthy());
      assertThatThrownBy(() -> store.get(onVictim, "k")).isInstanceOf(SessionUnavailableException.class);

      victim.restart(); // same port and node id: it takes its slots back (empty: no persistence in the test)
      LocalRedisCluster.await("ready once every slot has a primary again", store::healthy);
      store.put(onVictim, "k", "2");
      assertThat(store.get(onVictim, "k")).contains("2");
      assertThat(store.get(elsewhere, "k")).contains("1");
    }
  }
}
