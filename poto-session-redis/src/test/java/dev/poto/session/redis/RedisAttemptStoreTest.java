package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.PasswordHasher;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Redis provider as the runtime's attempt store: one sliding window seen by every node. */
class RedisAttemptStoreTest {
  private static final String SECRET = "redis-attempts-secret-redis-attempts-secret";
  private static final AtomicInteger APPS = new AtomicInteger();
  private static RedisServerProcess server;
  private static RedisClient rawClient;
  private static RedisCommands<String, String> raw;
  private final List<AutoCloseable> open = new ArrayList<>();

  @BeforeAll
  static void startRedis() {
    server = RedisServerProcess.start();
    rawClient = RedisClient.create(server.uri());
    raw = rawClient.connect().sync();
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
  void close() throws Exception {
    for (AutoCloseable closeable : open.reversed()) {
      closeable.close();
    }
  }

  private RedisSessionProvider provider(String prefix) {
    RedisSessionProvider provider =
        new RedisSessionProvider(RedisSessionConfig.builder(server.uri()).keyPrefix(prefix).build());
    open.add(provider);
    return provider;
  }

  @Test
  void twoProvidersOnOneRedisShareTheWindow() {
    String prefix = "app" + APPS.incrementAndGet() + ":";
    RedisSessionProvider nodeA = provider(prefix);
    RedisSessionProvider nodeB = provider(prefix);
    Duration window = Duration.ofMinutes(15);

    assertThat(nodeB.retryAfter("login:user:x", 3, window)).isZero();
    nodeA.record("login:user:x", 3, window);
    nodeB.record("login:user:x", 3, window);
    assertThat(nodeA.retryAfter("login:user:x", 3, window)).isZero();
    nodeA.record("login:user:x", 3, window);
    assertThat(nodeB.retryAfter("login:user:x", 3, window))
        .isPositive().isLessThanOrEqualTo(window).isGreaterThan(window.minusMinutes(1));
    assertThat(nodeB.retryAfter("login:user:other", 3, window)).isZero();

    // The set holds at most the limit, and expires with its window.
    for (int i = 0; i < 50; i++) {
      nodeA.record("login:user:x", 3, window);
    }
    assertThat(raw.zcard(prefix + "attempts:login:user:x")).isEqualTo(3);
    assertThat(raw.pttl(prefix + "attempts:login:user:x")).isPositive().isLessThanOrEqualTo(window.toMillis());
    // Another prefix (another app on the same Redis) has its own counts.
    assertThat(provider("other" + APPS.incrementAndGet() + ":").retryAfter("login:user:x", 3, window)).isZero();
  }

  @Test
  void theWindowSlidesOnTheRedisClock() {
    RedisSessionProvider store = provider("app" + APPS.incrementAndGet() + ":");
    Duration window = Duration.ofMillis(200);
    store.record("k", 1, window);
    Duration first = store.retryAfter("k", 1, window);
    assertThat(first).isPositive().isLessThanOrEqualTo(window);
    // Polls until the attempt leaves the window (no fixed sleep: a slow machine only takes longer).
    Instant giveUp = Instant.now().plusSeconds(20);
    while (!store.retryAfter("k", 1, window).isZero()) {
      assertThat(Instant.now()).as("the attempt left its 200 ms window").isBefore(giveUp);
      Thread.onSpinWait();
    }
  }

  @Test
  void failedLoginsOnOneNodeAreLimitedOnTheOther() throws Exception {
    String prefix = "app" + APPS.incrementAndGet() + ":";
    PotoServer nodeA = node(provider(prefix));
    PotoServer nodeB = node(provider(prefix));
    for (int i = 0; i < 3; i++) {
      assertThat(login(nodeA, "root", "wrong-" + i).statusCode()).isEqualTo(401);
    }
    HttpResponse<String> limited = login(nodeB, "root", "right-password");
    assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
    assertThat(limited.body()).contains("\"code\":\"" + ProblemCodes.TOO_MANY_REQUESTS + "\"");
    assertThat(limited.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void whileRedisIsDownEachNodeCountsOnItsOwn() throws Exception {
    try (RedisServerProcess ownRedis = RedisServerProcess.start()) {
      RedisSessionProvider sessions = new RedisSessionProvider(RedisSessionConfig.builder(ownRedis.uri())
          .keyPrefix("down:").commandTimeout(Duration.ofMillis(500)).build());
      open.add(sessions);
      PotoServer node = node(sessions);
      ownRedis.stop();
      // Logins keep working (tokens need no store) and the limit still holds, on this node.
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> failed = login(node, "root", "wrong-" + i);
        assertThat(failed.statusCode()).as(failed.body()).isEqualTo(401);
      }
      assertThat(login(node, "root", "right-password").statusCode()).isEqualTo(429);
      assertThat(login(node, "someone-else", "x").statusCode()).isEqualTo(401);
    }
  }

  private PotoServer node(RedisSessionProvider sessions) {
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher(1_000));
    users.addUser("user_root", "root", "right-password".toCharArray(), Set.of("admin"));
    PotoServer node = PotoServer.builder()
        .host("127.0.0.1").port(0)
        .jwt(jwt -> jwt.secret(SECRET))
        .userProvider(users)
        .sessionProvider(sessions)
        .loginLimits(limits -> limits.perUser(3, Duration.ofMinutes(15)))
        .build()
        .start();
    open.add(node::stop);
    return node;
  }

  private static HttpResponse<String> login(PotoServer node, String username, String password) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/poto/_auth/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
        .build();
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
  }
}
