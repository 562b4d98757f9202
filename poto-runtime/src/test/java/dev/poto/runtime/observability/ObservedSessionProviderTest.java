package dev.poto.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.observability.micrometer.PotoMetrics;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.session.SessionUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Each session operation of a call is reported with its outcome, and answered or thrown unchanged. */
class ObservedSessionProviderTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final CallObservers observers = new CallObservers(List.of(new PotoMetrics(registry)));

  private double count(String operation, String outcome) {
    var timer = registry.find(PotoMetrics.SESSION_OPERATIONS).tags("operation", operation, "outcome", outcome).timer();
    return timer == null ? 0 : timer.count();
  }

  @Test
  void operationsAreCountedAndAnsweredAsTheStoreAnswers() throws Exception {
    try (InMemorySessionProvider store = new InMemorySessionProvider()) {
      SessionProvider observed = new ObservedSessionProvider(store, observers);
      observed.put("u", "k", "1");
      assertThat(observed.get("u", "k")).contains("1");
      assertThat(observed.update("u", "k", v -> Optional.of("2"))).contains("2");
      assertThat(observed.exists("u")).isTrue();
      assertThat(observed.remove("u", "k")).isTrue();
      assertThat(observed.delete("u")).isTrue(); // the session outlives its last key
      for (String operation : List.of("put", "get", "update", "exists", "remove", "delete")) {
        assertThat(count(operation, ObservedSessionProvider.OK)).as(operation).isEqualTo(1);
      }
    }
  }

  @Test
  void anUnreachableStoreIsCountedAsUnavailableAndItsErrorPassesUnchanged() {
    SessionUnavailableException down = new SessionUnavailableException("Redis is down", null);
    SessionProvider observed = new ObservedSessionProvider(new FailingStore(down), observers);
    assertThatThrownBy(() -> observed.get("u", "k")).isSameAs(down);
    assertThatThrownBy(() -> observed.put("u", "k", "1")).isSameAs(down);
    assertThat(count("get", ObservedSessionProvider.UNAVAILABLE)).isEqualTo(1);
    assertThat(count("put", ObservedSessionProvider.UNAVAILABLE)).isEqualTo(1);
    assertThat(count("get", ObservedSessionProvider.OK)).isZero();
  }

  @Test
  void anyOtherFailureIsCountedAsAnError() {
    IllegalStateException bug = new IllegalStateException("bug in the store");
    SessionProvider observed = new ObservedSessionProvider(new FailingStore(bug), observers);
    assertThatThrownBy(() -> observed.exists("u")).isSameAs(bug);
    assertThat(count("exists", ObservedSessionProvider.ERROR)).isEqualTo(1);
  }

  /** A store whose every operation fails with {@code failure}. */
  private record FailingStore(RuntimeException failure) implements SessionProvider {
    @Override
    public Optional<String> get(String userId, String key) {
      throw failure;
    }

    @Override
    public void put(String userId, String key, String json) {
      throw failure;
    }

    @Override
    public Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update) {
      throw failure;
    }

    @Override
    public boolean remove(String userId, String key) {
      throw failure;
    }

    @Override
    public boolean delete(String userId) {
      throw failure;
    }

    @Override
    public boolean exists(String userId) {
      throw failure;
    }

    @Override
    public SessionStats stats() {
      throw failure;
    }

    @Override
    public long cleanupIdle(Duration maxIdle) {
      throw failure;
    }
  }
}
