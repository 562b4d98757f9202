package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.session.SessionConflictException;
import dev.poto.runtime.Sessions;
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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link RedisSessionProvider#update}: the compare-and-set loop against a real redis-server, through the
 * provider and through {@link Sessions#updateSessionValue} the way module code calls it.
 */
class RedisSessionUpdateTest {
  @RegisterExtension static final RedisPerClass redis = new RedisPerClass();
  private RedisSessionProvider sessions;
  /** A second provider on the same Redis and prefix: another node of the same cluster. */
  private RedisSessionProvider otherNode;

  @BeforeEach
  void connect() {
    RedisSessionConfig config = RedisSessionConfig.builder(redis.uri())
        .keyPrefix("update-" + UUID.randomUUID() + ":")
        .idleTimeout(Duration.ofMinutes(5))
        .build();
    sessions = new RedisSessionProvider(config);
    otherNode = new RedisSessionProvider(config);
  }

  @AfterEach
  void close() {
    sessions.close();
    otherNode.close();
  }

  @Test
  void absentInWrittenOutThenReadModifyWrite() {
    List<Optional<String>> seen = new ArrayList<>();
    assertThat(sessions.update("alice", "n", current -> {
      seen.add(current);
      return Optional.of("1");
    })).contains("1");
    assertThat(sessions.update("alice", "n", current -> {
      seen.add(current);
      return Optional.of(Integer.toString(Integer.parseInt(current.orElseThrow()) + 1));
    })).contains("2");
    assertThat(seen).containsExactly(Optional.empty(), Optional.of("1"));
    assertThat(otherNode.get("alice", "n")).contains("2");
    assertThat(sessions.stats().activeSessions()).hasValue(1);
  }

  @Test
  void emptyOutRemovesTheKeyAndTheLastKeyEndsTheSession() {
    sessions.put("bob", "a", "1");
    sessions.put("bob", "b", "2");
    assertThat(sessions.update("bob", "a", current -> Optional.empty())).isEmpty();
    assertThat(sessions.get("bob", "a")).isEmpty();
    assertThat(sessions.get("bob", "b")).contains("2");
    assertThat(sessions.update("bob", "b", current -> Optional.empty())).isEmpty();
    assertThat(sessions.exists("bob")).isFalse();
    assertThat(sessions.stats().activeSessions()).hasValue(0);

    // Removing what is not there creates nothing.
    assertThat(sessions.update("carol", "x", current -> Optional.empty())).isEmpty();
    assertThat(sessions.exists("carol")).isFalse();
    assertThat(sessions.stats().activeSessions()).hasValue(0);
  }

  @Test
  void aThrowingFunctionLeavesTheOldValue() {
    sessions.put("dave", "n", "5");
    assertThatThrownBy(() -> sessions.update("dave", "n", current -> {
      throw new IllegalStateException("refused");
    })).isInstanceOf(IllegalStateException.class).hasMessage("refused");
    assertThat(sessions.get("dave", "n")).contains("5");
    assertThatThrownBy(() -> sessions.update("erin", "n", current -> {
      throw new IllegalStateException("refused");
    })).hasMessage("refused");
    assertThat(sessions.exists("erin")).isFalse();
  }

  @Test
  void aWriteBetweenReadAndWriteMakesTheUpdateStartOver() {
    sessions.put("frank", "n", "10");
    AtomicInteger applications = new AtomicInteger();
    Optional<String> stored = sessions.update("frank", "n", current -> {
      if (applications.incrementAndGet() == 1) {
        otherNode.put("frank", "n", "20"); // another node writes after this read
      }
      return Optional.of(Integer.toString(Integer.parseInt(current.orElseThrow()) + 1));
    });
    assertThat(stored).contains("21");
    assertThat(applications).hasValue(2);
    assertThat(sessions.get("frank", "n")).contains("21");

    // The same for a key that appears, and for one that vanishes, between read and write.
    AtomicInteger appearing = new AtomicInteger();
    assertThat(sessions.update("frank", "fresh", current -> {
      if (appearing.incrementAndGet() == 1) {
        otherNode.put("frank", "fresh", "\"theirs\"");
      }
      return Optional.of(current.isEmpty() ? "\"mine\"" : "\"mine after theirs\"");
    })).contains("\"mine after theirs\"");
    AtomicInteger vanishing = new AtomicInteger();
    assertThat(sessions.update("frank", "fresh", current -> {
      if (vanishing.incrementAndGet() == 1) {
        otherNode.remove("frank", "fresh");
      }
      return Optional.of(current.isEmpty() ? "\"recreated\"" : "\"changed\"");
    })).contains("\"recreated\"");
  }

  @Test
  void contentionThatNeverSettlesIsA409AndLeavesTheOtherWritersValue() {
    sessions.put("grace", "n", "0");
    AtomicInteger applications = new AtomicInteger();
    SessionConflictException e = org.junit.jupiter.api.Assertions.assertThrows(SessionConflictException.class,
        () -> sessions.update("grace", "n", current -> {
          int n = applications.incrementAndGet();
          otherNode.put("grace", "n", "\"other-" + n + "\""); // every attempt loses to another node
          return Optional.of("\"mine\"");
        }));
    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo(ProblemCodes.SESSION_CONFLICT);
    assertThat(e.getMessage()).contains("'n'").contains(RedisSessionProvider.MAX_UPDATE_ATTEMPTS + " attempts");
    assertThat(applications).hasValue(RedisSessionProvider.MAX_UPDATE_ATTEMPTS);
    assertThat(sessions.get("grace", "n")).contains("\"other-" + RedisSessionProvider.MAX_UPDATE_ATTEMPTS + "\"");
  }

  @Test
  void twoNodesTwoHundredConcurrentIncrementsOfOneUserAllCount() throws Exception {
    AtomicInteger applications = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 200; i++) {
        RedisSessionProvider node = i % 2 == 0 ? sessions : otherNode;
        RequestContext call = new RequestContext(UUID.randomUUID().toString(),
            new PotoUser("visitor_one", Set.of("visitor")), Map.of(), Map.of(), null, node);
        Callable<Integer> increment = () -> Sessions.updateSessionValue("count", Integer.class, n -> {
          applications.incrementAndGet();
          return n.orElse(0) + 1;
        }).orElseThrow();
        results.add(threads.submit(() -> {
          start.await();
          return Poto.callWith(call, increment);
        }));
      }
      start.countDown();
      List<Integer> seen = new ArrayList<>();
      for (Future<Integer> result : results) {
        seen.add(result.get(60, TimeUnit.SECONDS));
      }
      assertThat(seen).as("every increment saw its own count").doesNotHaveDuplicates();
    }
    assertThat(sessions.get("visitor_one", "count")).contains("200");
    System.out.printf("redis update: 200 concurrent increments of one key from two providers: %d applications"
        + " (%d retried after a conflict)%n", applications.get(), applications.get() - 200);
  }
}
