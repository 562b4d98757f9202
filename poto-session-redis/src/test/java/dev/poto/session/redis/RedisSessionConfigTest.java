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
    assertThat(config.connectionUri().isSsl()).isTrue();
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
    for (String bad : new String[] {"http://:hunter2-secret@h:80", "redis-sentinel://:hunter2-secret@h:26379#m",
        "not a uri :hunter2-secret"}) {
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
}
