package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.session.SessionUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store on a real Sentinel setup (a master, two replicas, three sentinels with a 500 ms down-after,
 * started by the test): a master killed under traffic loses no acknowledged write, the store follows the
 * failover by itself, and readiness is false exactly while no master is reachable.
 */
class RedisSentinelFailoverTest {

  private static RedisSessionConfig config(LocalRedisSentinel setup) {
    return RedisSessionConfig.builder(setup.uri())
        .commandTimeout(Duration.ofSeconds(2))
        .connectTimeout(Duration.ofSeconds(1))
        .maxReconnectDelay(Duration.ofMillis(200))
        .build();
  }

  @Test
  void aMasterKilledUnderTrafficLosesNoAcknowledgedWriteAndTheStoreFollowsTheFailover() throws Exception {
    try (LocalRedisSentinel setup = LocalRedisSentinel.start(2);
        RedisSessionProvider store = new RedisSessionProvider(config(setup))) {
      assertThat(store.config().mode()).isEqualTo(RedisMode.SENTINEL);
      assertThat(store.config().replicaAcks()).as("the default with Sentinel").isEqualTo(1);
      List<String> users = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        users.add("user-" + UUID.randomUUID());
      }
      RedisServerProcess oldMaster = setup.master();
      try (FailoverTraffic traffic = new FailoverTraffic(store, users)) {
        traffic.awaitAcknowledged(0, 20);
        traffic.phase(1);
        long killedAt = System.nanoTime();
        oldMaster.kill();
        LocalRedisCluster.await("a replica promoted", () -> setup.master() != oldMaster);
        RedisServerProcess newMaster = setup.master();
        LocalRedisCluster.await("the other replica follows the new master",
            () -> LocalRedisCluster.connectedReplicas(newMaster.command("INFO", "replication")) >= 1);
        traffic.awaitAcknowledged(1, 5);
        long recoveredMillis = (System.nanoTime() - killedAt) / 1_000_000;
        traffic.phase(2);
        traffic.awaitAcknowledged(2, 20);
        traffic.stopAndCheck();
        System.out.printf("sentinel failover: every caller had 5 acknowledged updates %d ms after the kill;"
            + " %d acknowledged, %d answered 503%n", recoveredMillis,
            traffic.callers().stream().mapToLong(c -> c.acknowledged).sum(),
            traffic.callers().stream().mapToLong(c -> c.failedInPhase[1]).sum());
      }
    }
  }

  @Test
  void aWriteNoReplicaConfirmsIsNotAcknowledgedAndReadsKeepWorking() {
    try (LocalRedisSentinel setup = LocalRedisSentinel.start(0);
        RedisSessionProvider store = new RedisSessionProvider(RedisSessionConfig.builder(setup.uri())
            .commandTimeout(Duration.ofMillis(500)).build())) {
      assertThat(store.config().replicaAcks()).isEqualTo(1);
      assertThatThrownBy(() -> store.put("alice", "k", "1"))
          .as("a master without replica cannot confirm the write")
          .isInstanceOf(SessionUnavailableException.class);
      assertThat(store.get("alice", "k")).as("the write is on the master only; reads still answer").contains("1");
    }
  }

  @Test
  void readinessIsFalseWhileNoMasterIsReachableAndTheStoreRecoversWithoutRestart() {
    try (LocalRedisSentinel setup = LocalRedisSentinel.start(0);
        RedisSessionProvider store = new RedisSessionProvider(RedisSessionConfig.builder(setup.uri())
            .replicaAcks(0).commandTimeout(Duration.ofSeconds(2)).maxReconnectDelay(Duration.ofMillis(200)).build())) {
      store.put("alice", "k", "1");
      assertThat(store.healthy()).isTrue();
      RedisServerProcess master = setup.master();
      master.kill(); // the only data server: no master anywhere
      LocalRedisCluster.await("not ready while no master is reachable", () -> !store.healthy());
      assertThatThrownBy(() -> store.get("alice", "k")).isInstanceOf(SessionUnavailableException.class);
      master.restart();
      LocalRedisCluster.await("ready once the master is back", store::healthy);
      store.put("alice", "k", "2");
      assertThat(store.get("alice", "k")).contains("2");
    }
  }
}
