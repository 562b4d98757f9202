package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.session.SessionStats;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The provider's contract against a real redis-server: values, key layout, TTLs, stats, cleanup, prefixes. */
class RedisSessionProviderTest {
  private static final AtomicInteger APPS = new AtomicInteger();
  private static RedisServerProcess server;
  private static RedisClient rawClient;
  private static RedisCommands<String, String> raw;
  private final List<RedisSessionProvider> providers = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.start();
    rawClient = RedisClient.create(server.uri());
    StatefulRedisConnection<String, String> connection = rawClient.connect();
    raw = connection.sync();
  }

  @AfterAll
  static void stopRedis() {
    if (rawClient != null) {
      rawClient.shutdown();
    }
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void closeProviders() {
    providers.forEach(RedisSessionProvider::close);
  }

  /** A provider under a prefix of its own, so tests sharing the server never see each other's data. */
  private RedisSessionProvider provider(Duration idleTimeout) {
    return provider(RedisSessionConfig.builder(server.uri())
        .keyPrefix("app" + APPS.incrementAndGet() + ":")
        .idleTimeout(idleTimeout)
        .build());
  }

  private RedisSessionProvider provider(RedisSessionConfig config) {
    RedisSessionProvider provider = new RedisSessionProvider(config);
    providers.add(provider);
    return provider;
  }

  @Test
  void storesReadsRemovesAndDeletesPerKey() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));

    assertThat(sessions.exists("alice")).isFalse();
    assertThat(sessions.get("alice", "cart")).isEmpty();

    sessions.put("alice", "cart", "[1,2,3]");
    sessions.put("alice", "theme", "\"dark\"");
    sessions.put("alice", "cart", "[1,2,3,4]");

    assertThat(sessions.exists("alice")).isTrue();
    assertThat(sessions.get("alice", "cart")).contains("[1,2,3,4]");
    assertThat(sessions.get("alice", "theme")).contains("\"dark\"");
    assertThat(sessions.get("alice", "missing")).isEmpty();
    assertThat(sessions.get("bob", "cart")).isEmpty();

    assertThat(sessions.remove("alice", "theme")).isTrue();
    assertThat(sessions.remove("alice", "theme")).isFalse();
    assertThat(sessions.get("alice", "theme")).isEmpty();
    assertThat(sessions.exists("alice")).isTrue();

    assertThat(sessions.delete("alice")).isTrue();
    assertThat(sessions.delete("alice")).isFalse();
    assertThat(sessions.exists("alice")).isFalse();
    assertThat(sessions.get("alice", "cart")).isEmpty();
  }

  @Test
  void removingTheLastKeyEndsTheSession() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    sessions.put("carol", "only", "1");

    assertThat(sessions.remove("carol", "only")).isTrue();

    assertThat(sessions.exists("carol")).isFalse();
    assertThat(sessions.stats().activeSessions()).hasValue(0);
  }

  @Test
  void keepsJsonTextExactly() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    String json = "{\"name\":\"Zoë 🚀 \\\"quoted\\\"\",\"nested\":{\"list\":[null,true,1.5e3]},\"big\":\""
        + "x".repeat(100_000) + "\"}";

    sessions.put("dave", "profile", json);

    assertThat(sessions.get("dave", "profile")).contains(json);
  }

  @Test
  void usesOneHashPerUserUnderThePrefix() {
    RedisSessionProvider sessions = provider(RedisSessionConfig.of(server.uri()));
    sessions.delete("layout-user");
    sessions.put("layout-user", "a", "1");
    sessions.put("layout-user", "b", "2");

    assertThat(raw.type("poto:session:layout-user")).isEqualTo("hash");
    assertThat(raw.hgetall("poto:session:layout-user")).isEqualTo(Map.of("a", "1", "b", "2"));
    assertThat(raw.zscore("poto:sessions", "layout-user")).isNotNull();
    sessions.delete("layout-user");
  }

  @Test
  void everyAccessSetsOrRenewsTheIdleTtl() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(10));
    String key = sessions.config().keyPrefix() + "session:erin";
    long idleMillis = Duration.ofMinutes(10).toMillis();

    sessions.put("erin", "k", "1");
    assertThat(raw.pttl(key)).isBetween(1L, idleMillis);

    raw.pexpire(key, 5_000); // as if the session had sat idle for almost ten minutes
    sessions.get("erin", "k");
    assertThat(raw.pttl(key)).isGreaterThan(5_000L).isLessThanOrEqualTo(idleMillis);

    raw.pexpire(key, 5_000);
    sessions.put("erin", "other", "2");
    assertThat(raw.pttl(key)).isGreaterThan(5_000L);

    raw.pexpire(key, 5_000);
    sessions.remove("erin", "other");
    assertThat(raw.pttl(key)).isGreaterThan(5_000L);

    raw.pexpire(key, 5_000);
    sessions.exists("erin"); // a plain check is not an access
    assertThat(raw.pttl(key)).isLessThanOrEqualTo(5_000L);
  }

  @Test
  void statsCountLiveSessionsExactly() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    for (int i = 0; i < 37; i++) {
      sessions.put("user" + i, "k", Integer.toString(i));
      sessions.put("user" + i, "k2", Integer.toString(i));
    }
    for (int i = 0; i < 5; i++) {
      sessions.delete("user" + i);
    }
    sessions.remove("user5", "k");
    sessions.remove("user5", "k2");
    sessions.remove("user6", "k"); // user6 keeps k2

    SessionStats stats = sessions.stats();

    assertThat(stats.provider()).isEqualTo("redis");
    assertThat(stats.activeSessions()).hasValue(31);
    assertThat(stats.maxSessions()).isEmpty();
    assertThat(stats.evictedSessions()).hasValue(0);
  }

  @Test
  void sessionsRedisExpiredLeaveTheCountAndAreCountedAsEvicted() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    String prefix = sessions.config().keyPrefix();
    for (int i = 0; i < 10; i++) {
      sessions.put("user" + i, "k", "1");
    }
    // Let Redis expire four sessions by their TTL; their index entries say they were touched long ago.
    for (int i = 0; i < 4; i++) {
      raw.del(prefix + "session:user" + i);
      raw.zadd(prefix + "sessions", 1, "user" + i);
    }

    SessionStats stats = sessions.stats();

    assertThat(stats.activeSessions()).hasValue(6);
    assertThat(stats.evictedSessions()).hasValue(4);
    assertThat(sessions.stats().evictedSessions()).hasValue(4); // counted once
  }

  @Test
  void aSessionExpiredByItsRealTtlIsNoticedOnTheNextAccess() throws InterruptedException {
    RedisSessionProvider sessions = provider(Duration.ofMillis(200));
    sessions.put("frank", "k", "1");

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (sessions.exists("frank") && System.nanoTime() < deadline) {
      Thread.sleep(50); // waiting for Redis's own expiry, checked below
    }

    assertThat(sessions.exists("frank")).isFalse();
    assertThat(sessions.get("frank", "k")).isEmpty();
    assertThat(sessions.stats().activeSessions()).hasValue(0);
    assertThat(sessions.stats().evictedSessions()).hasValue(1);
  }

  @Test
  void statsKeepIdleLookingSessionsWhoseDataIsStillThere() {
    // Another node with a longer idle timeout may have touched these; only missing data means expired.
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    String prefix = sessions.config().keyPrefix();
    for (int i = 0; i < 1_100; i++) {
      sessions.put("user" + i, "k", "1");
      raw.zadd(prefix + "sessions", 1, "user" + i);
    }
    raw.del(prefix + "session:user1099");

    SessionStats stats = sessions.stats();

    assertThat(stats.activeSessions()).hasValue(1_099);
    assertThat(stats.evictedSessions()).hasValue(1);
  }

  @Test
  void cleanupIdleDeletesOnlyIdleSessionsAndSaysHowMany() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    String prefix = sessions.config().keyPrefix();
    for (int i = 0; i < 10; i++) {
      sessions.put("user" + i, "k", "1");
    }
    long twoHoursAgo = Long.parseLong(raw.time().get(0)) * 1000 - Duration.ofHours(2).toMillis();
    for (int i = 0; i < 4; i++) {
      raw.zadd(prefix + "sessions", twoHoursAgo, "user" + i);
    }

    assertThat(sessions.cleanupIdle(Duration.ofHours(3))).isZero();
    assertThat(sessions.cleanupIdle(Duration.ofHours(1))).isEqualTo(4);

    for (int i = 0; i < 10; i++) {
      assertThat(sessions.exists("user" + i)).as("user" + i).isEqualTo(i >= 4);
    }
    assertThat(sessions.stats().activeSessions()).hasValue(6);
    assertThat(sessions.stats().evictedSessions()).hasValue(4);
    assertThat(sessions.cleanupIdle(Duration.ofHours(1))).isZero();
  }

  @Test
  void cleanupIdleWorksThroughMoreSessionsThanOneBatch() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    String prefix = sessions.config().keyPrefix();
    for (int i = 0; i < 2_050; i++) {
      sessions.put("user" + i, "k", "1");
      raw.zadd(prefix + "sessions", 1, "user" + i);
    }
    sessions.put("fresh", "k", "1");

    assertThat(sessions.cleanupIdle(Duration.ofHours(1))).isEqualTo(2_050);
    assertThat(sessions.stats().activeSessions()).hasValue(1);
    assertThat(sessions.exists("fresh")).isTrue();
  }

  @Test
  void keyPrefixesKeepAppsApart() {
    RedisSessionProvider board = provider(RedisSessionConfig.builder(server.uri()).keyPrefix("board:").build());
    RedisSessionProvider shop = provider(RedisSessionConfig.builder(server.uri()).keyPrefix("shop:").build());
    board.put("same-user", "k", "\"board\"");
    shop.put("same-user", "k", "\"shop\"");
    board.put("board-only", "k", "1");

    assertThat(board.get("same-user", "k")).contains("\"board\"");
    assertThat(shop.get("same-user", "k")).contains("\"shop\"");
    assertThat(shop.exists("board-only")).isFalse();
    assertThat(board.stats().activeSessions()).hasValue(2);
    assertThat(shop.stats().activeSessions()).hasValue(1);

    assertThat(shop.delete("same-user")).isTrue();
    assertThat(board.get("same-user", "k")).contains("\"board\"");

    shop.put("shop-idle", "k", "1");
    raw.zadd("shop:sessions", 1, "shop-idle");
    raw.zadd("board:sessions", 1, "board-only");
    assertThat(shop.cleanupIdle(Duration.ofHours(1))).isEqualTo(1);
    assertThat(shop.exists("shop-idle")).isFalse();
    assertThat(board.exists("board-only")).isTrue();
  }

  @Test
  void rejectsNullArguments() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    assertThatThrownBy(() -> sessions.put(null, "k", "1")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sessions.put("u", null, "1")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sessions.put("u", "k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> sessions.get("u", null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void aClosedProviderSaysSo() {
    RedisSessionProvider sessions = provider(Duration.ofMinutes(30));
    sessions.close();
    assertThatThrownBy(() -> sessions.get("u", "k"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }
}
