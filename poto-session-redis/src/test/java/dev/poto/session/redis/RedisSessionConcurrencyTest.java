package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The seed's session validations, ten times larger, against Redis. Every operation runs as its own call
 * on its own virtual thread with its own {@link RequestContext}, and finds its user through {@link
 * Poto#currentUser()} the way module code does, so a context leak would show up as a wrong value.
 */
class RedisSessionConcurrencyTest {
  @RegisterExtension static final RedisPerClass redis = new RedisPerClass();
  private RedisSessionProvider sessions;
  private ExecutorService threads;

  @BeforeEach
  void connect() {
    sessions = new RedisSessionProvider(RedisSessionConfig.builder(redis.uri())
        .keyPrefix("concurrency-" + UUID.randomUUID() + ":")
        .idleTimeout(Duration.ofMinutes(5))
        .build());
    threads = Executors.newVirtualThreadPerTaskExecutor();
  }

  @AfterEach
  void close() {
    threads.close();
    sessions.close();
  }

  private static RequestContext contextFor(String userId) {
    return new RequestContext(UUID.randomUUID().toString(), new PotoUser(userId, Set.of("visitor")),
        Map.of(), Map.of(), null);
  }

  /** Module-style helpers: the user comes from the bound context, never from a parameter. */
  private void putForCaller(String key, String json) {
    sessions.put(Poto.currentUser().id(), key, json);
  }

  private Optional<String> getForCaller(String key) {
    return sessions.get(Poto.currentUser().id(), key);
  }

  /** Runs every task as a call of {@code userOf(i)} on its own virtual thread, all released together. */
  private <T> List<T> concurrently(int count, java.util.function.IntFunction<String> userOf,
      java.util.function.IntFunction<Callable<T>> task) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      RequestContext context = contextFor(userOf.apply(i));
      Callable<T> body = task.apply(i);
      futures.add(threads.submit(() -> {
        start.await();
        return Poto.callWith(context, body);
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }

  @Test
  void twoHundredConcurrentWritesOfDifferentKeysForOneUserAllSurvive() throws Exception {
    concurrently(200, i -> "visitor_one", i -> () -> {
      putForCaller("key" + i, "{\"n\":" + i + "}");
      return null;
    });

    List<Optional<String>> reads = concurrently(200, i -> "visitor_one", i -> () -> getForCaller("key" + i));

    for (int i = 0; i < 200; i++) {
      assertThat(reads.get(i)).as("key" + i).contains("{\"n\":" + i + "}");
    }
    assertThat(sessions.stats().activeSessions()).hasValue(1);
  }

  @Test
  void hundredUsersEachSeeOnlyTheirOwnValues() throws Exception {
    concurrently(100, i -> "user" + i, i -> () -> {
      putForCaller("secret", "\"secret of user" + i + "\"");
      putForCaller("counter", Integer.toString(i));
      return null;
    });

    List<List<Optional<String>>> reads = concurrently(100, i -> "user" + i,
        i -> () -> List.of(getForCaller("secret"), getForCaller("counter")));

    for (int i = 0; i < 100; i++) {
      assertThat(reads.get(i).get(0)).as("user%d secret", i).contains("\"secret of user" + i + "\"");
      assertThat(reads.get(i).get(1)).as("user%d counter", i).contains(Integer.toString(i));
    }
    assertThat(sessions.stats().activeSessions()).hasValue(100);
  }

  @Test
  void thousandMixedOperationsFromHundredUsersAreAllCorrect() throws Exception {
    // Operation i belongs to user i % 100 and writes its own key, then reads it straight back and also
    // reads a key the same user wrote in the setup phase, all in one call.
    concurrently(100, i -> "user" + i, i -> () -> {
      putForCaller("base", "\"base-" + i + "\"");
      return null;
    });

    List<String> outcomes = concurrently(1_000, i -> "user" + (i % 100), i -> () -> {
      String user = Poto.currentUser().id();
      String value = "{\"op\":" + i + ",\"user\":\"" + user + "\"}";
      putForCaller("op" + i, value);
      Optional<String> own = getForCaller("op" + i);
      Optional<String> base = getForCaller("base");
      boolean right = own.equals(Optional.of(value))
          && base.equals(Optional.of("\"base-" + user.substring("user".length()) + "\""))
          && user.equals("user" + (i % 100));
      return right ? "ok" : "op" + i + " saw own=" + own + " base=" + base + " as " + user;
    });

    assertThat(outcomes).containsOnly("ok").hasSize(1_000);
    for (int u = 0; u < 100; u++) {
      for (int i = u; i < 1_000; i += 100) {
        assertThat(sessions.get("user" + u, "op" + i)).contains("{\"op\":" + i + ",\"user\":\"user" + u + "\"}");
      }
      assertThat(sessions.get("user" + u, "op" + ((u + 1) % 100))).as("another user's key").isEmpty();
    }
    assertThat(sessions.stats().activeSessions()).hasValue(100);
  }
}
