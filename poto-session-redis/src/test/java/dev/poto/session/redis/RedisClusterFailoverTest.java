package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store on a real Redis Cluster (three primaries, two replicas each, started for the class): every
 * script works across slots, and a primary killed under traffic loses no acknowledged write. The tests
 * may run in either order: after the failover every slot still has a primary with a replica.
 */
class RedisClusterFailoverTest {
  private static LocalRedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = LocalRedisCluster.start(3, 2);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static RedisSessionConfig config(LocalRedisCluster cluster) {
    // a short topology refresh period: the test waits for the store to notice the failover
    return RedisSessionConfig.builder(cluster.seeds())
        .commandTimeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(1))
        .maxReconnectDelay(Duration.ofMillis(200))
        .topologyRefreshPeriod(Duration.ofSeconds(1))
        .build();
  }

  @Test
  void aPrimaryKilledUnderTrafficLosesNoAcknowledgedWriteAndTheStoreRecoversByItself() throws Exception {
    try (RedisSessionProvider store = new RedisSessionProvider(config(cluster))) {
      assertThat(store.config().mode()).isEqualTo(RedisMode.CLUSTER);
      assertThat(store.healthy()).isTrue();
      SessionKeys layout = SessionKeys.of(RedisMode.CLUSTER, store.config().keyPrefix());
      List<String> users = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        users.add("user-" + UUID.randomUUID());
      }
      cluster.awaitReady(3, 1); // also when the other test ran first
      RedisServerProcess victim = cluster.primaryOf(layout.bucketOf(users.getFirst()).session(users.getFirst()));

      try (FailoverTraffic traffic = new FailoverTraffic(store, users)) {
        traffic.awaitAcknowledged(0, 20);
        traffic.phase(1);
        long killedAt = System.nanoTime();
        victim.kill();
        // the cluster promotes a replica; the other replica follows it, so WAIT finds one again
        cluster.awaitReady(3, 1);
        traffic.awaitAcknowledged(1, 5);
        long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
        traffic.phase(2);
        traffic.awaitAcknowledged(2, 20);
        traffic.stopAndCheck();
        long failed = traffic.callers().stream().mapToLong(c -> c.failedInPhase[1]).sum();
        System.out.printf("cluster failover: every caller had 5 acknowledged updates %d ms after the kill;"
            + " %d acknowledged, %d answered 503%n",
            recoveredMillis, traffic.callers().stream().mapToLong(c -> c.acknowledged).sum(), failed);
      }
      assertThat(store.healthy()).isTrue();
    }
  }

  @Test
  void everyOperationWorksAcrossSlotsAndStatsCountEveryBucket() {
    try (RedisSessionProvider store = new RedisSessionProvider(RedisSessionConfig.builder(cluster.seeds())
        .keyPrefix("app:").commandTimeout(Duration.ofSeconds(2)).build())) {
      assertThat(store.config().replicaAcks()).as("the default with a Cluster").isEqualTo(1);
      SessionKeys layout = SessionKeys.of(RedisMode.CLUSTER, "app:");
      List<String> users = new ArrayList<>();
      java.util.Set<Integer> primaries = new java.util.HashSet<>();
      for (int i = 0; i < 40; i++) {
        String user = "user-" + i + "-" + UUID.randomUUID();
        users.add(user);
        primaries.add(cluster.primaryOf(layout.bucketOf(user).session(user)).port());
        store.put(user, "name", "\"" + user + "\"");
        assertThat(store.update(user, "visits", v -> Optional.of("1"))).contains("1");
        assertThat(store.update(user, "visits", v -> Optional.of(Integer.toString(Integer.parseInt(v.orElseThrow()) + 1))))
            .contains("2");
      }
      assertThat(primaries).as("the users' sessions spread over every primary").hasSize(3);
      for (String user : users) {
        assertThat(store.get(user, "name")).contains("\"" + user + "\"");
        assertThat(store.exists(user)).isTrue();
      }
      assertThat(store.stats().activeSessions()).hasValue(40);
      assertThat(store.remove(users.get(0), "name")).isTrue();
      assertThat(store.remove(users.get(0), "visits")).isTrue();
      assertThat(store.exists(users.get(0))).as("removing the last key ends the session").isFalse();
      assertThat(store.delete(users.get(1))).isTrue();
      assertThat(store.stats().activeSessions()).hasValue(38);
      assertThat(store.cleanupIdle(Duration.ZERO)).isEqualTo(38);
      assertThat(store.stats().activeSessions()).hasValue(0);
      assertThat(store.stats().evictedSessions()).hasValue(38);

      // the login limits (single-key scripts) land on any slot
      for (int i = 0; i < 10; i++) {
        String key = "name-" + i;
        store.record(key, 2, Duration.ofMinutes(1));
        store.record(key, 2, Duration.ofMinutes(1));
        assertThat(store.retryAfter(key, 2, Duration.ofMinutes(1))).isPositive();
        assertThat(store.retryAfter(key, 3, Duration.ofMinutes(1))).isZero();
      }
    }
  }
}
