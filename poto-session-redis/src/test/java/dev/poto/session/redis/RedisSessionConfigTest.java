package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisSessionConfigTest {

  @Test
  void defaultsAreSafeAndDocumented() {
    RedisSessionConfig config = RedisSessionConfig.of("redis://redis.internal");

    assertThat(config.target()).isEqualTo("redis.internal:6379");
    assertThat(config.database()).isZero();
    assertThat(config.tls()).isFalse();
    assertThat(config.keyPrefix()).isEqualTo("poto:");
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void readsPasswordDatabaseAndTlsFromTheUriButNeverShowsThePassword() {
    RedisSessionConfig config = RedisSessionConfig.of("rediss://:p4ss-w0rd@cache.example:6380/2");

    assertThat(config.tls()).isTrue();
    assertThat(config.target()).isEqualTo("cache.example:6380");
    assertThat(config.database()).isEqualTo(2);
    assertThat(config.passwordOrNull()).isEqualTo("p4ss-w0rd");
    assertThat(config.toString()).doesNotContain("p4ss-w0rd").contains("rediss://cache.example:6380/2");
    assertThat(config.connectionUris().getFirst().isSsl()).isTrue();
  }

  @Test
  void builderSetsEverySetting() {
    RedisSessionConfig config = RedisSessionConfig.builder("redis://127.0.0.1:7000")
        .keyPrefix("board:")
        .idleTimeout(Duration.ofHours(2))
        .commandTimeout(Duration.ofMillis(750))
        .connectTimeout(Duration.ofSeconds(3))
        .maxReconnectDelay(Duration.ofMillis(500))
        .build();

    assertThat(config.keyPrefix()).isEqualTo("board:");
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofHours(2));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(750));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(config.maxReconnectDelay()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void rejectsBadSettings() {
    assertThatThrownBy(() -> RedisSessionConfig.builder("redis://h").idleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
    assertThatThrownBy(() -> RedisSessionConfig.builder("redis://h").commandTimeout(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commandTimeout");
    assertThatThrownBy(() -> RedisSessionConfig.builder("redis://h").keyPrefix(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void aBadUriIsRejectedWithoutRepeatingIt() {
    for (String bad : new String[] {"http://:hunter2-secret@h:80", "redis-sentinel://:hunter2-secret@h:26379",
        "not a uri :hunter2-secret", "redis://:hunter2-secret@a:1,http://b:2", "redis://:hunter2-secret@a:1/3,redis://b:2"}) {
      assertThatThrownBy(() -> RedisSessionConfig.of(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("redis://")
          .message().doesNotContain("hunter2-secret");
    }
  }

  @Test
  void fromEnvironmentReadsEveryVariable() {
    RedisSessionConfig config = RedisSessionConfig.fromEnvironment(Map.of(
        "POTO_REDIS_URI", "redis://redis:6379/1",
        "POTO_REDIS_PASSWORD", "from-secret-store",
        "POTO_REDIS_PREFIX", "shop:",
        "POTO_REDIS_IDLE_TIMEOUT", "45m",
        "POTO_REDIS_COMMAND_TIMEOUT", "1500ms",
        "POTO_REDIS_CONNECT_TIMEOUT", "PT3S"));

    assertThat(config.target()).isEqualTo("redis:6379");
    assertThat(config.database()).isEqualTo(1);
    assertThat(config.passwordOrNull()).isEqualTo("from-secret-store");
    assertThat(config.keyPrefix()).isEqualTo("shop:");
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(45));
    assertThat(config.commandTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void fromEnvironmentNeedsTheUriAndExplainsBadValues() {
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POTO_REDIS_URI is not set");
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(
            Map.of("POTO_REDIS_URI", "redis://h", "POTO_REDIS_IDLE_TIMEOUT", "soon")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POTO_REDIS_IDLE_TIMEOUT")
        .hasMessageContaining("30m");
  }

  @Test
  void durationTextUnderstandsShortAndIsoForms() {
    assertThat(DurationText.parse("x", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("x", "2s")).isEqualTo(Duration.ofSeconds(2));
    assertThat(DurationText.parse("x", " 12h ")).isEqualTo(Duration.ofHours(12));
    assertThat(DurationText.parse("x", "1d")).isEqualTo(Duration.ofDays(1));
    assertThat(DurationText.parse("x", "PT1M30S")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> DurationText.parse("x", "99999999999999999999s"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oneUriIsAStandaloneServerWithoutReplicaAcks() {
    RedisSessionConfig config = RedisSessionConfig.of("redis://redis.internal");
    assertThat(config.mode()).isEqualTo(RedisMode.STANDALONE);
    assertThat(config.replicaAcks()).isZero();
  }

  @Test
  void aListOfUrisIsAClusterAndEverySeedIsKept() {
    RedisSessionConfig config = RedisSessionConfig.of("redis://:pw-secret@c1:7000, redis://:pw-secret@c2:7001,redis://c3");
    assertThat(config.mode()).isEqualTo(RedisMode.CLUSTER);
    assertThat(config.replicaAcks()).as("acknowledged writes survive a failover").isEqualTo(1);
    assertThat(config.connectionUris()).extracting(u -> u.getHost() + ":" + u.getPort())
        .containsExactly("c1:7000", "c2:7001", "c3:6379");
    assertThat(config.target()).isEqualTo("cluster via c1:7000,c2:7001,c3:6379");
    assertThat(config.toString()).doesNotContain("pw-secret").contains("cluster");
  }

  @Test
  void aSingleSeedClusterIsNamedExplicitly() {
    assertThat(RedisSessionConfig.clusterBuilder("redis://c1:7000").build().mode()).isEqualTo(RedisMode.CLUSTER);
    RedisSessionConfig fromEnv = RedisSessionConfig.fromEnvironment(Map.of(
        "POTO_REDIS_URI", "redis://c1:7000", "POTO_REDIS_MODE", "cluster", "POTO_REDIS_PASSWORD", "env-secret"));
    assertThat(fromEnv.mode()).isEqualTo(RedisMode.CLUSTER);
    assertThat(fromEnv.connectionUris().getFirst().getCredentialsProvider().resolveCredentials().block().getPassword())
        .isEqualTo("env-secret".toCharArray());
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(Map.of(
            "POTO_REDIS_URI", "redis://a:1,redis://b:2", "POTO_REDIS_MODE", "standalone")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a list of nodes is a Redis Cluster");
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(Map.of(
            "POTO_REDIS_URI", "redis://a:1", "POTO_REDIS_MODE", "replicated")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standalone, sentinel or cluster");
  }

  @Test
  void aSentinelUriNamesTheMasterAndEverySentinel() {
    RedisSessionConfig config = RedisSessionConfig.of("redis-sentinel://:pw-secret@s1:26379,s2:26380,s3/2#sessions");
    assertThat(config.mode()).isEqualTo(RedisMode.SENTINEL);
    assertThat(config.replicaAcks()).isEqualTo(1);
    assertThat(config.database()).isEqualTo(2);
    assertThat(config.target()).isEqualTo("master 'sessions' via sentinels s1:26379,s2:26380,s3:26379");
    io.lettuce.core.RedisURI uri = config.connectionUris().getFirst();
    assertThat(uri.getSentinels()).hasSize(3);
    assertThat(uri.getSentinelMasterId()).isEqualTo("sessions");
    assertThat(config.toString()).doesNotContain("pw-secret");
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(Map.of(
            "POTO_REDIS_URI", "redis://a:1", "POTO_REDIS_MODE", "sentinel")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("#masterName");
  }

  @Test
  void replicaAcksCanBeSetAndAClusterPrefixHasNoBraces() {
    assertThat(RedisSessionConfig.builder("redis://a:1,redis://b:2").replicaAcks(2).build().replicaAcks()).isEqualTo(2);
    assertThat(RedisSessionConfig.fromEnvironment(Map.of("POTO_REDIS_URI", "redis://a:1,redis://b:2",
        "POTO_REDIS_REPLICA_ACKS", "0")).replicaAcks()).isZero();
    assertThatThrownBy(() -> RedisSessionConfig.builder("redis://h").replicaAcks(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisSessionConfig.fromEnvironment(Map.of("POTO_REDIS_URI", "redis://h",
        "POTO_REDIS_REPLICA_ACKS", "one"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("POTO_REDIS_REPLICA_ACKS");
    assertThatThrownBy(() -> RedisSessionConfig.builder("redis://a:1,redis://b:2").keyPrefix("{app}:").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("brace");
    assertThat(RedisSessionConfig.builder("redis://h").keyPrefix("{app}:").build().keyPrefix()).isEqualTo("{app}:");
  }
}
