package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Login throttling, visitor limits and bounded password checks over real HTTP. */
class LoginLimitsTest {

  private static HttpResponse<String> login(TestHttp http, String username, String password) {
    return http.post("/poto/_auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode problem = TestHttp.json(response);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("requestId").asText()).isEqualTo(response.headers().firstValue(Protocol.REQUEST_ID_HEADER).orElseThrow());
    return problem;
  }

  private interface HttpTest {
    void run(TestHttp http) throws Exception;
  }

  private static void withServer(Consumer<PotoConfig> config, HttpTest test) throws Exception {
    try (PotoServer server = TestServers.start(config)) {
      test.run(new TestHttp(server.port()));
    }
  }

  @Test
  void afterTheFailuresForANameEvenTheRightPasswordWaits() throws Exception {
    InMemoryAttemptStoreTest.TestClock clock = new InMemoryAttemptStoreTest.TestClock();
    withServer(c -> c.loginLimits(l -> l.perUser(3, Duration.ofMinutes(15)).store(new InMemoryAttemptStore(clock))), http -> {
      for (int i = 0; i < 3; i++) {
        assertProblem(login(http, "root", "guess-" + i), 401, ProblemCodes.INVALID_CREDENTIALS);
      }
      HttpResponse<String> blocked = login(http, "root", "sup3r-secret");
      assertProblem(blocked, 429, ProblemCodes.TOO_MANY_REQUESTS);
      assertThat(blocked.headers().firstValue("Retry-After")).hasValue("900");
      // Other names are not affected.
      assertThat(login(http, "alice", "wonderland").statusCode()).isEqualTo(200);

      clock.advance(Duration.ofMinutes(15));
      assertThat(login(http, "root", "sup3r-secret").statusCode()).as("the window slid on").isEqualTo(200);
    });
  }

  @Test
  void aNameThatDoesNotExistGetsTheSameAnswers() throws Exception {
    withServer(c -> c.loginLimits(l -> l.perUser(2, Duration.ofMinutes(15))), http -> {
      for (String name : new String[] {"root", "nobody-by-this-name"}) {
        JsonNode first = assertProblem(login(http, name, "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
        JsonNode second = assertProblem(login(http, name, "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
        HttpResponse<String> third = login(http, name, "wrong");
        JsonNode limited = assertProblem(third, 429, ProblemCodes.TOO_MANY_REQUESTS);
        assertThat(first.get("detail")).isEqualTo(second.get("detail"));
        assertThat(limited.get("detail").asText()).isEqualTo("Too many failed logins; try again later");
        assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
            seconds -> assertThat(Long.parseLong(seconds)).isBetween(899L, 900L));
      }
    });
  }

  @Test
  void failuresFromOneAddressAcrossNamesAreLimited() throws Exception {
    withServer(c -> c.loginLimits(l -> l.perAddress(4, Duration.ofMinutes(15))), http -> {
      for (int i = 0; i < 4; i++) {
        assertProblem(login(http, "someone-" + i, "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
      }
      assertProblem(login(http, "alice", "wonderland"), 429, ProblemCodes.TOO_MANY_REQUESTS);
    });
  }

  @Test
  void successfulLoginsAreNotCounted() throws Exception {
    withServer(c -> c.loginLimits(l -> l.perUser(2, Duration.ofMinutes(15)).perAddress(2, Duration.ofMinutes(15))), http -> {
      for (int i = 0; i < 10; i++) {
        assertThat(login(http, "alice", "wonderland").statusCode()).isEqualTo(200);
      }
    });
  }

  @Test
  void visitorTokensPerAddressAreLimited() throws Exception {
    withServer(c -> c.loginLimits(l -> l.visitorsPerAddress(5, Duration.ofMinutes(1))), http -> {
      for (int i = 0; i < 5; i++) {
        assertThat(http.post("/poto/_auth/visitor", null, null).statusCode()).isEqualTo(200);
      }
      HttpResponse<String> sixth = http.post("/poto/_auth/visitor", null, null);
      assertProblem(sixth, 429, ProblemCodes.TOO_MANY_REQUESTS);
      assertThat(sixth.headers().firstValue("Retry-After")).hasValueSatisfying(
          seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 60L));
    });
  }

  @Test
  void theDefaultsLimitFailuresAndVisitors() throws Exception {
    withServer(c -> {}, http -> {
      for (int i = 0; i < LoginLimits.DEFAULT_FAILURES_PER_USER; i++) {
        assertProblem(login(http, "root", "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
      }
      assertProblem(login(http, "root", "sup3r-secret"), 429, ProblemCodes.TOO_MANY_REQUESTS);
    });
    LoginLimits defaults = new LoginLimits();
    assertThat(defaults.visitorsPerAddress().limit()).isEqualTo(LoginLimits.DEFAULT_VISITORS_PER_ADDRESS);
    assertThat(defaults.concurrentPasswordChecks())
        .isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
  }

  @Test
  void anUnreachableSharedStoreIsStoodInForByThisNode() throws Exception {
    AttemptStore down = new AttemptStore() {
      @Override
      public Duration retryAfter(String key, int limit, Duration window) {
        throw new dev.poto.runtime.session.SessionUnavailableException("down", null);
      }

      @Override
      public void record(String key, int limit, Duration window) {
        throw new dev.poto.runtime.session.SessionUnavailableException("down", null);
      }
    };
    withServer(c -> c.loginLimits(l -> l.store(down).perUser(2, Duration.ofMinutes(15)).visitorsPerAddress(2, Duration.ofMinutes(1))), http -> {
      assertThat(http.post("/poto/_auth/visitor", null, null).statusCode()).isEqualTo(200);
      assertThat(http.post("/poto/_auth/visitor", null, null).statusCode()).isEqualTo(200);
      assertProblem(http.post("/poto/_auth/visitor", null, null), 429, ProblemCodes.TOO_MANY_REQUESTS);
      assertProblem(login(http, "root", "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
      assertProblem(login(http, "root", "wrong"), 401, ProblemCodes.INVALID_CREDENTIALS);
      assertProblem(login(http, "root", "sup3r-secret"), 429, ProblemCodes.TOO_MANY_REQUESTS);
    });
  }

  @Test
  void passwordChecksBeyondTheBoundAnswer503WithoutRunning() throws Exception {
    CountDownLatch firstCheckStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstCheck = new CountDownLatch(1);
    UserProvider slow = new UserProvider() {
      @Override
      public Optional<StoredUser> findUser(String username) {
        return Optional.empty();
      }

      @Override
      public Optional<StoredUser> verify(String username, char[] password) {
        firstCheckStarted.countDown();
        try {
          releaseFirstCheck.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Optional.empty();
      }
    };
    withServer(c -> c.userProvider(slow).loginLimits(l -> l.concurrentPasswordChecks(1).passwordCheckWait(Duration.ofMillis(50))), http -> {
      CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> login(http, "a", "b"));
      try {
        assertThat(firstCheckStarted.await(30, TimeUnit.SECONDS)).isTrue();
        HttpResponse<String> second = login(http, "c", "d");
        assertProblem(second, 503, ProblemCodes.SERVER_BUSY);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
      } finally {
        releaseFirstCheck.countDown();
      }
      assertProblem(first.join(), 401, ProblemCodes.INVALID_CREDENTIALS);
      // The busy answer was not a failed login: the limit counts one failure, not two.
      assertThat(login(http, "c", "d").statusCode()).isEqualTo(401);
    });
  }

  @Test
  void loginsThatWaitedForACheckCountTheFailuresMadeMeanwhile() throws Exception {
    CountDownLatch firstCheckStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstCheck = new CountDownLatch(1);
    AtomicInteger checks = new AtomicInteger();
    UserProvider slow = new UserProvider() {
      @Override
      public Optional<StoredUser> findUser(String username) {
        return Optional.empty();
      }

      @Override
      public Optional<StoredUser> verify(String username, char[] password) {
        checks.incrementAndGet();
        firstCheckStarted.countDown();
        try {
          releaseFirstCheck.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return Optional.empty();
      }
    };
    // Counts the limit checks, so the test knows when the second login has passed its first one.
    AtomicInteger limitChecks = new AtomicInteger();
    InMemoryAttemptStore memory = new InMemoryAttemptStore();
    AttemptStore counting = new AttemptStore() {
      @Override
      public Duration retryAfter(String key, int limit, Duration window) {
        limitChecks.incrementAndGet();
        return memory.retryAfter(key, limit, window);
      }

      @Override
      public void record(String key, int limit, Duration window) {
        memory.record(key, limit, window);
      }
    };
    withServer(c -> c.userProvider(slow).loginLimits(l -> l.perUser(1, Duration.ofMinutes(15))
        .concurrentPasswordChecks(1).passwordCheckWait(Duration.ofSeconds(30)).store(counting)), http -> {
      CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> login(http, "alice", "guess-1"));
      CompletableFuture<HttpResponse<String>> second;
      try {
        assertThat(firstCheckStarted.await(30, TimeUnit.SECONDS)).isTrue();
        int beforeSecond = limitChecks.get();
        second = CompletableFuture.supplyAsync(() -> login(http, "alice", "guess-2"));
        // The second guess passes the early check (no failure is recorded yet) and waits for the gate.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (limitChecks.get() < beforeSecond + 2 && System.nanoTime() < deadline) {
          Thread.sleep(2);
        }
        assertThat(limitChecks.get()).isGreaterThanOrEqualTo(beforeSecond + 2);
      } finally {
        releaseFirstCheck.countDown();
      }
      assertProblem(first.join(), 401, ProblemCodes.INVALID_CREDENTIALS);
      assertProblem(second.join(), 429, ProblemCodes.TOO_MANY_REQUESTS);
      assertThat(checks).as("password checks run: the limit of one failure allows one").hasValue(1);
    });
  }
}
