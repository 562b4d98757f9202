package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.IssuedToken;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.PasswordHasher;
import dev.poto.runtime.auth.RefreshTokens;
import dev.poto.runtime.auth.StoredUser;
import dev.poto.runtime.auth.TokenService;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh tokens kept in Redis work across two nodes, and reuse is caught whichever node sees it. */
class RedisRefreshTokensTest {
  private static final String SECRET = "redis-refresh-secret-redis-refresh-secret-0123";
  @RegisterExtension static final RedisPerClass redis = new RedisPerClass();
  private RedisSessionProvider storeA;
  private RedisSessionProvider storeB;
  private RefreshTokens nodeA;
  private RefreshTokens nodeB;
  private StoredUser alice;

  @BeforeEach
  void nodes() {
    String prefix = "refresh-" + UUID.randomUUID() + ":";
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher(1_000));
    alice = users.addUser("user_alice", "alice", "wonderland".toCharArray(), Set.of("member"));
    storeA = new RedisSessionProvider(RedisSessionConfig.builder(redis.uri()).keyPrefix(prefix).build());
    storeB = new RedisSessionProvider(RedisSessionConfig.builder(redis.uri()).keyPrefix(prefix).build());
    TokenService tokens = new TokenService(new JwtConfig().secret(SECRET));
    nodeA = new RefreshTokens(tokens, storeA, users, Duration.ofMinutes(5), Duration.ofDays(1), Clock.systemUTC());
    nodeB = new RefreshTokens(tokens, storeB, users, Duration.ofMinutes(5), Duration.ofDays(1), Clock.systemUTC());
  }

  @AfterEach
  void close() {
    storeA.close();
    storeB.close();
  }

  private static void assertInvalid(Runnable action) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(RpcException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_REFRESH_TOKEN);
    });
  }

  @Test
  void aLoginOnOneNodeRefreshesOnTheOtherAndReuseRevokesEverywhere() {
    IssuedToken login = nodeA.login(alice);
    IssuedToken next = nodeB.refresh(login.refreshToken());
    IssuedToken third = nodeA.refresh(next.refreshToken());
    assertInvalid(() -> nodeB.refresh(login.refreshToken())); // a copy of the first token: reuse
    assertInvalid(() -> nodeA.refresh(third.refreshToken())); // the whole login is revoked
  }

  @Test
  void logoutOnOneNodeRevokesOnTheOther() {
    IssuedToken login = nodeA.login(alice);
    assertThat(nodeB.revoke(login.refreshToken())).isTrue();
    assertInvalid(() -> nodeA.refresh(login.refreshToken()));
  }

  @Test
  void concurrentRefreshesOnTwoNodesLetExactlyOneThrough() throws Exception {
    IssuedToken login = nodeA.login(alice);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> attempts = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        RefreshTokens node = i % 2 == 0 ? nodeA : nodeB;
        attempts.add(threads.submit(() -> {
          go.await();
          try {
            node.refresh(login.refreshToken());
            return true;
          } catch (RpcException e) {
            return false;
          }
        }));
      }
      go.countDown();
      int succeeded = 0;
      for (Future<Boolean> attempt : attempts) {
        succeeded += attempt.get() ? 1 : 0;
      }
      assertThat(succeeded).isEqualTo(1);
    }
  }
}
