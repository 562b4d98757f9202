package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.session.SessionUnavailableException;
import io.lettuce.core.RedisCommandTimeoutException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens when Redis is not there, goes away, hangs or comes back. Each test runs its own
 * redis-server. The time bounds are deliberately generous (the command timeout plus seconds of slack
 * for a loaded machine): they catch a hang, not a slow run.
 */
class RedisSessionFailureTest {
  private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(500);
  private static final Duration HANG_BOUND = COMMAND_TIMEOUT.plusSeconds(4);

  private final List<AutoCloseable> resources = new ArrayList<>();

  @AfterEach
  void release() throws Exception {
    for (AutoCloseable resource : resources.reversed()) {
      resource.close();
    }
  }

  private RedisServerProcess redis(String... args) {
    RedisServerProcess server = RedisServerProcess.start(args);
    resources.add(server);
    return server;
  }

  private RedisSessionProvider provider(String uri) {
    RedisSessionProvider provider = new RedisSessionProvider(RedisSessionConfig.builder(uri)
        .commandTimeout(COMMAND_TIMEOUT)
        .connectTimeout(Duration.ofSeconds(2))
        .maxReconnectDelay(Duration.ofMillis(200))
        .build());
    resources.add(provider);
    return provider;
  }

  @Test
  void startupOnAClosedPortFailsNamingTheTargetAndWhatToCheck() {
    int port = RedisServerProcess.freePort();

    Throwable failure = catchThrowable(() -> provider("redis://127.0.0.1:" + port + "/3"));

    assertThat(failure)
        .isInstanceOf(RedisSessionStartupException.class)
        .hasMessageContaining("127.0.0.1:" + port)
        .hasMessageContaining("database 3")
        .hasMessageContaining("Check that Redis is running")
        .hasMessageContaining(RedisSessionConfig.ENV_URI);
  }

  @Test
  void aWrongPasswordFailsAtStartupWithoutShowingThePassword() {
    RedisServerProcess server = redis("--requirepass", "right-horse-battery");
    String wrong = "wrong-staple-7731";

    Throwable failure = catchThrowable(() -> provider("redis://:" + wrong + "@127.0.0.1:" + server.port()));

    assertThat(failure).isInstanceOf(RedisSessionStartupException.class)
        .hasMessageContaining("127.0.0.1:" + server.port())
        .hasMessageContaining("password");
    assertThat(failure.getMessage()).doesNotContain(wrong);
    System.out.println("Startup failure as users see it: " + failure.getMessage());

    RedisSessionProvider sessions = provider("redis://:right-horse-battery@127.0.0.1:" + server.port());
    sessions.put("u", "k", "1");
    assertThat(sessions.get("u", "k")).contains("1");
    assertThat(sessions.config().toString()).doesNotContain("right-horse-battery");
  }

  @Test
  void everyCallFailsFastWith503OnceRedisIsKilled() {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    sessions.put("u", "k", "1");

    server.kill();

    Map<String, Runnable> calls = new LinkedHashMap<>();
    calls.put("get", () -> sessions.get("u", "k"));
    calls.put("put", () -> sessions.put("u", "k", "2"));
    calls.put("remove", () -> sessions.remove("u", "k"));
    calls.put("delete", () -> sessions.delete("u"));
    calls.put("exists", () -> sessions.exists("u"));
    calls.put("update", () -> sessions.update("u", "k", current -> Optional.of("3")));
    calls.put("stats", sessions::stats);
    calls.put("cleanupIdle", () -> sessions.cleanupIdle(Duration.ofHours(1)));
    calls.forEach((name, call) -> {
      long started = System.nanoTime();
      Throwable failure = catchThrowable(call::run);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      assertThat(failure).as(name).isInstanceOf(SessionUnavailableException.class);
      SessionUnavailableException unavailable = (SessionUnavailableException) failure;
      assertThat(unavailable.status()).isEqualTo(503);
      assertThat(unavailable.code()).isEqualTo(ProblemCodes.SESSION_UNAVAILABLE);
      assertThat(unavailable.getMessage()).doesNotContain("127.0.0.1"); // clients see no internals
      assertThat(took).as(name + " took").isLessThan(HANG_BOUND);
    });
  }

  @Test
  void aHungRedisTimesOutWithinTheCommandTimeoutAndRecoversWhenItResumes() {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    sessions.put("u", "k", "before");

    server.pause();
    long started = System.nanoTime();
    Throwable failure = catchThrowable(() -> sessions.get("u", "k"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    server.resume();

    assertThat(failure).isInstanceOf(SessionUnavailableException.class)
        .hasCauseInstanceOf(RedisCommandTimeoutException.class);
    assertThat(took).isLessThan(HANG_BOUND);
    awaitTrue("provider answers after SIGCONT", () -> succeeds(() -> sessions.get("u", "k")));
    assertThat(sessions.get("u", "k")).contains("before");
    sessions.put("u", "k", "after");
    assertThat(sessions.get("u", "k")).contains("after");
  }

  @Test
  void recoversOnItsOwnWhenRedisRestartsAndNeverServesAWrongValue() throws Exception {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    int writers = 20;
    AtomicBoolean stop = new AtomicBoolean();
    AtomicBoolean restarted = new AtomicBoolean();
    AtomicInteger kills = new AtomicInteger();
    AtomicLong lostWithRestart = new AtomicLong();
    AtomicLong unavailable = new AtomicLong();
    AtomicLong slowest = new AtomicLong();
    long[] acknowledged = new long[writers];
    int[] successesAfterRestart = new int[writers];
    List<String> problems = Collections.synchronizedList(new ArrayList<>());

    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> running = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        running.add(threads.submit(() -> {
          String user = "writer" + writer;
          for (long n = 1; !stop.get(); n++) {
            long started = System.nanoTime();
            int killsBefore = kills.get();
            try {
              sessions.put(user, "counter", Long.toString(n));
              Optional<String> read = sessions.get(user, "counter");
              // No other call writes this user's key, so the read sees this write, or nothing at all
              // when Redis restarted (without persistence) between the two calls. Never another value.
              boolean lost = read.isEmpty() && kills.get() != killsBefore;
              if (lost) {
                lostWithRestart.incrementAndGet();
              } else if (!read.equals(Optional.of(Long.toString(n)))) {
                problems.add(user + " wrote " + n + " but read " + read);
              }
              synchronized (acknowledged) {
                acknowledged[writer] = n;
                if (restarted.get()) {
                  successesAfterRestart[writer]++;
                }
              }
            } catch (SessionUnavailableException e) {
              unavailable.incrementAndGet();
            } catch (RuntimeException e) {
              problems.add(user + ": unexpected " + e);
            }
            slowest.accumulateAndGet(System.nanoTime() - started, Math::max);
          }
        }));
      }

      awaitTrue("writers make progress", () -> minimum(acknowledged) >= 5);
      kills.incrementAndGet();
      server.kill();
      awaitTrue("calls fail while Redis is down", () -> unavailable.get() >= writers);
      server.restart();
      restarted.set(true);
      awaitTrue("every writer succeeds again after the restart", () -> {
        synchronized (acknowledged) {
          for (int count : successesAfterRestart) {
            if (count < 5) {
              return false;
            }
          }
          return true;
        }
      });
      stop.set(true);
      for (Future<?> future : running) {
        future.get(30, TimeUnit.SECONDS);
      }
    }

    System.out.printf("Restart run: %d calls answered 503 while Redis was down; %d writes acknowledged"
            + " just before the kill were gone after it; slowest call %d ms%n",
        unavailable.get(), lostWithRestart.get(), TimeUnit.NANOSECONDS.toMillis(slowest.get()));
    assertThat(problems).isEmpty();
    // Each writer's last acknowledged write is what Redis holds: nothing stale, nothing lost after recovery.
    for (int w = 0; w < writers; w++) {
      assertThat(sessions.get("writer" + w, "counter")).as("writer" + w).contains(Long.toString(acknowledged[w]));
    }
    assertThat(sessions.stats().activeSessions()).hasValue(writers);
    // Two calls per loop, each bounded by the command timeout, plus slack.
    assertThat(Duration.ofNanos(slowest.get())).isLessThan(HANG_BOUND.multipliedBy(2));
  }

  @Test
  void dataWrittenBeforeARestartIsGoneBecausePersistenceIsOff() {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    sessions.put("u", "before", "1");

    server.kill();
    server.restart();
    awaitTrue("provider reconnects", () -> succeeds(() -> sessions.exists("u")));

    assertThat(sessions.exists("u")).isFalse();
    assertThat(sessions.get("u", "before")).isEmpty();
    sessions.put("u", "after", "2"); // scripts are loaded again into the fresh Redis on first use
    assertThat(sessions.get("u", "after")).contains("2");
    assertThat(sessions.stats().activeSessions()).hasValue(1);
  }

  @Test
  void logsNameTheServerButNeverThePassword() {
    String password = "log-canary-5521";
    RedisServerProcess server = redis("--requirepass", password);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      catchThrowable(() -> provider("redis://:wrong-" + password + "@127.0.0.1:" + server.port()));
      RedisSessionProvider sessions = provider("redis://:" + password + "@127.0.0.1:" + server.port());
      sessions.put("u", "k", "1");
      server.kill();
      catchThrowable(() -> sessions.get("u", "k"));
      server.restart();
      awaitTrue("provider reconnects", () -> succeeds(() -> sessions.exists("u")));
    } finally {
      System.setErr(original);
    }
    String logs = captured.toString(StandardCharsets.UTF_8);

    assertThat(logs).contains("127.0.0.1:" + server.port()).contains("are unavailable")
        .contains("available again");
    assertThat(logs).doesNotContain(password);
  }

  @Test
  void updatesQueuedBehindOneThatRedisFailsAnswer503WithoutWaitingForRedisAgain() throws Exception {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    sessions.put("u", "k", "1");
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Throwable> first = new CompletableFuture<>();
    CompletableFuture<Throwable> queued = new CompletableFuture<>();
    Thread.ofVirtual().start(() -> first.complete(catchThrowable(() -> sessions.update("u", "k", current -> {
      holding.countDown();
      awaitQuietly(release); // holds the key's turn, having read the value
      return Optional.of("2");
    }))));
    holding.await();
    Thread waiter = Thread.ofVirtual().start(() -> queued.complete(catchThrowable(
        () -> sessions.update("u", "k", current -> Optional.of("3")))));
    awaitTrue("the second update waits for its turn", () -> waiter.getState() == Thread.State.WAITING);

    server.pause();
    release.countDown(); // the first update's write now waits the command timeout for the hung Redis
    Throwable firstFailure = first.get(10, TimeUnit.SECONDS);
    Throwable queuedFailure = queued.get(10, TimeUnit.SECONDS);
    server.resume();

    assertThat(firstFailure).isInstanceOf(SessionUnavailableException.class)
        .hasCauseInstanceOf(RedisCommandTimeoutException.class);
    assertThat(queuedFailure).as("answered without a Redis command of its own")
        .isInstanceOf(SessionUnavailableException.class).hasNoCause();
    awaitTrue("provider answers after SIGCONT", () -> succeeds(() -> sessions.get("u", "k")));
    // The timed-out write may still have run once Redis resumed (a 503 after a timeout leaves the outcome
    // unknown, as for any write); the queued update never wrote.
    assertThat(sessions.get("u", "k")).isIn(Optional.of("1"), Optional.of("2"));
    assertThat(sessions.update("u", "k", current -> Optional.of("4"))).contains("4");
  }

  @Test
  void anUpdateCancelledWhileWaitingForItsTurnStopsAtOnceAndKeepsItsInterrupt() throws Exception {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = provider(server.uri());
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Thread holder = Thread.ofVirtual().start(() -> sessions.update("u", "k", current -> {
      holding.countDown();
      awaitQuietly(release);
      return Optional.of("1");
    }));
    holding.await();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread waiter = Thread.ofVirtual().start(() -> {
      try {
        sessions.update("u", "k", current -> Optional.of("2"));
        outcome.complete("updated");
      } catch (SessionUnavailableException e) {
        outcome.complete("unavailable, interrupted=" + Thread.currentThread().isInterrupted());
      }
    });
    awaitTrue("the second update waits for its turn", () -> waiter.getState() == Thread.State.WAITING);

    waiter.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("unavailable, interrupted=true");
    release.countDown();
    holder.join();
    assertThat(sessions.get("u", "k")).contains("1");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCancelledCallStopsWaitingAtOnceAndKeepsItsInterrupt() throws Exception {
    RedisServerProcess server = redis();
    RedisSessionProvider sessions = new RedisSessionProvider(RedisSessionConfig.builder(server.uri())
        .commandTimeout(Duration.ofSeconds(60)) // only the interrupt can end the wait early
        .build());
    resources.add(sessions);
    sessions.put("u", "k", "1");
    server.pause();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        sessions.get("u", "k");
        outcome.complete("answered");
      } catch (SessionUnavailableException e) {
        outcome.complete("unavailable, interrupted=" + Thread.currentThread().isInterrupted());
      }
    });
    awaitTrue("the call waits on Redis", () -> caller.getState() == Thread.State.WAITING
        || caller.getState() == Thread.State.TIMED_WAITING);

    caller.interrupt();

    assertThat(outcome.get(10, TimeUnit.SECONDS)).isEqualTo("unavailable, interrupted=true");
    server.resume();
  }

  @Test
  void closeReleasesTheConnection() {
    RedisServerProcess server = redis();
    RedisSessionProvider observer = provider(server.uri());
    RedisSessionProvider sessions = new RedisSessionProvider(RedisSessionConfig.of(server.uri()));
    sessions.put("u", "k", "1");
    assertThat(connectedClients(server)).isEqualTo(2);

    sessions.close();
    sessions.close(); // idempotent

    assertThatThrownBy(() -> sessions.get("u", "k")).isInstanceOf(IllegalStateException.class);
    awaitTrue("Redis sees the connection closed", () -> connectedClients(server) == 1);
    assertThat(observer.get("u", "k")).contains("1");
  }

  /** Clients connected to {@code server}, asked over a plain socket so the answer counts only providers. */
  private static int connectedClients(RedisServerProcess server) {
    String info = server.command("INFO", "clients");
    Matcher matcher = Pattern.compile("connected_clients:(\\d+)").matcher(info);
    if (!matcher.find()) {
      throw new AssertionError("no connected_clients in " + info);
    }
    return Integer.parseInt(matcher.group(1)) - 1; // minus the asking connection itself
  }

  private static long minimum(long[] values) {
    synchronized (values) {
      long min = Long.MAX_VALUE;
      for (long value : values) {
        min = Math.min(min, value);
      }
      return min;
    }
  }

  private static boolean succeeds(Runnable call) {
    try {
      call.run();
      return true;
    } catch (SessionUnavailableException e) {
      return false;
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting until " + what);
      }
    }
  }

}
