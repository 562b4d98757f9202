package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.support.TestServers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Rotating refresh tokens kept in the session store: rotation, reuse detection, expiry, logout. */
class RefreshTokensTest {
  private final InMemorySessionProvider store = new InMemorySessionProvider();
  private final InMemoryUserProvider users = TestServers.users();
  private final TokenService tokens = new TokenService(new JwtConfig().secret(TestServers.SECRET));
  private final OidcTokensTest.MutableClock clock = new OidcTokensTest.MutableClock(Instant.now());
  private final RefreshTokens refresh =
      new RefreshTokens(tokens, store, users, Duration.ofMinutes(5), Duration.ofDays(1), clock);

  @AfterEach
  void close() {
    store.close();
  }

  private StoredUser alice() {
    return users.findUser("alice").orElseThrow();
  }

  private static void assertInvalid(Runnable action) {
    assertThatThrownBy(action::run).isInstanceOfSatisfying(RpcException.class, e -> {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_REFRESH_TOKEN);
    });
  }

  @Test
  void aLoginGetsAShortAccessTokenAndARefreshTokenThatRotates() {
    IssuedToken login = refresh.login(alice());
    assertThat(login.refreshToken()).isNotBlank();
    assertThat(login.expiresAt()).isBefore(Instant.now().plus(Duration.ofMinutes(6)));
    assertThat(login.refreshExpiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
    assertThat(tokens.verify(login.token())).isEqualTo(new PotoUser("user_alice", Set.of("member")));

    IssuedToken next = refresh.refresh(login.refreshToken());
    assertThat(next.refreshToken()).isNotEqualTo(login.refreshToken());
    assertThat(tokens.verify(next.token()).id()).isEqualTo("user_alice");
    IssuedToken third = refresh.refresh(next.refreshToken());
    assertThat(tokens.verify(third.token()).id()).isEqualTo("user_alice");
    // Only a hash of the secret is stored.
    String stored = store.get("user_alice", RefreshTokens.KEY_PREFIX + third.refreshToken().split("\\.")[1]).orElseThrow();
    assertThat(stored).doesNotContain(third.refreshToken().split("\\.")[2]);
  }

  @Test
  void reusingARotatedTokenRevokesTheWholeFamily() {
    IssuedToken login = refresh.login(alice());
    IssuedToken next = refresh.refresh(login.refreshToken());
    assertInvalid(() -> refresh.refresh(login.refreshToken())); // the copy is used: reuse
    assertInvalid(() -> refresh.refresh(next.refreshToken())); // and the legitimate holder is out too
    // Another login of the same user is a separate family and unaffected.
    IssuedToken other = refresh.login(alice());
    assertThat(refresh.refresh(other.refreshToken()).userId()).isEqualTo("user_alice");
  }

  @Test
  void concurrentRefreshesWithOneTokenLetExactlyOneThrough() throws Exception {
    IssuedToken login = refresh.login(alice());
    int callers = 8;
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        Callable<Boolean> attempt = () -> {
          start.await();
          try {
            refresh.refresh(login.refreshToken());
            return true;
          } catch (RpcException e) {
            return false;
          }
        };
        results.add(threads.submit(attempt));
      }
      start.countDown();
      int succeeded = 0;
      for (Future<Boolean> result : results) {
        succeeded += result.get() ? 1 : 0;
      }
      assertThat(succeeded).isEqualTo(1);
    }
  }

  @Test
  void anExpiredRefreshTokenIsRefusedAndRemoved() {
    IssuedToken login = refresh.login(alice());
    clock.advance(Duration.ofDays(1));
    assertInvalid(() -> refresh.refresh(login.refreshToken()));
    assertThat(store.get("user_alice", RefreshTokens.KEY_PREFIX + login.refreshToken().split("\\.")[1])).isEmpty();
  }

  @Test
  void logoutRevokesAndDeletingTheSessionRevokes() {
    IssuedToken login = refresh.login(alice());
    assertThat(refresh.revoke(login.refreshToken())).isTrue();
    assertInvalid(() -> refresh.refresh(login.refreshToken()));
    assertThat(refresh.revoke(login.refreshToken())).isFalse();

    IssuedToken again = refresh.login(alice());
    store.delete("user_alice");
    assertInvalid(() -> refresh.refresh(again.refreshToken()));
  }

  @Test
  void aRemovedUserCannotRefreshAndRolesAreReadAgain() {
    IssuedToken login = refresh.login(alice());
    users.addUser("user_alice", "alice", "wonderland".toCharArray(), Set.of("member", "editor"));
    IssuedToken next = refresh.refresh(login.refreshToken());
    assertThat(tokens.verify(next.token()).roles()).containsExactlyInAnyOrder("member", "editor");

    users.addUser("user_other", "alice", "wonderland".toCharArray(), Set.of()); // the name now belongs to someone else
    assertInvalid(() -> refresh.refresh(next.refreshToken()));
  }

  @Test
  void malformedAndForgedTokensAreRefused() {
    IssuedToken login = refresh.login(alice());
    String[] parts = login.refreshToken().split("\\.");
    for (String bad : new String[] {"", "x", "a.b.c", parts[0] + "." + parts[1], login.refreshToken() + ".x",
        parts[0] + "." + parts[1] + "." + parts[2] + "=", parts[0] + "." + parts[1] + "." + "A".repeat(43),
        "dXNlcl9ib2I." + parts[1] + "." + parts[2]}) {
      assertInvalid(() -> refresh.refresh(bad));
    }
  }
}
