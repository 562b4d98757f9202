package dev.poto.runtime.session;

import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.Sessions;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import static dev.poto.runtime.session.TestCalls.call;
import static dev.poto.runtime.session.TestCalls.concurrently;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.RequestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Sessions#updateSessionValue}: its typed conventions, and atomicity in memory and in a cookie. */
class SessionUpdateTest {
  private final MutableClock clock = new MutableClock();
  private final InMemorySessionProvider memory =
      InMemorySessionProvider.builder().clock(clock).sweepInterval(Duration.ofDays(1)).build();
  private final EncryptedCookieSessionProvider cookie =
      EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).build();

  @AfterEach
  void close() {
    memory.close();
  }

  private static Optional<Integer> increment() {
    return Sessions.updateSessionValue("n", Integer.class, n -> n.orElse(0) + 1);
  }

  @Test
  void anAbsentValueComesInEmptyAndTheStoredValueComesBack() throws Exception {
    List<Optional<Integer>> seen = new ArrayList<>();
    call(memory, "u1", () -> {
      assertThat(Sessions.updateSessionValue("n", Integer.class, n -> { seen.add(n); return 41; })).contains(41);
      assertThat(Sessions.updateSessionValue("n", Integer.class, n -> { seen.add(n); return n.orElseThrow() + 1; }))
          .contains(42);
      assertThat(Sessions.getSessionValue("n", Integer.class)).contains(42);
      return null;
    });
    assertThat(seen).containsExactly(Optional.empty(), Optional.of(41));
    assertThat(memory.get("u1", "n")).contains("42");
  }

  @Test
  void nullRemovesTheKeyAndCreatesNothingWhenAbsent() throws Exception {
    call(memory, "u1", () -> {
      Sessions.setSessionValue("cart", List.of("apple"));
      Sessions.setSessionValue("theme", "dark");
      assertThat(Sessions.updateSessionValue("cart", new TypeReference<List<String>>() {}, c -> null)).isEmpty();
      assertThat(Sessions.getSessionValue("cart", String.class)).isEmpty();
      assertThat(Sessions.getSessionValue("theme", String.class)).contains("dark");
      return null;
    });
    call(memory, "u2", () -> {
      assertThat(Sessions.updateSessionValue("cart", String.class, c -> null)).isEmpty();
      assertThat(Sessions.hasSession()).isFalse();
      return null;
    });
    assertThat(memory.stats().activeSessions()).hasValue(1);
  }

  @Test
  void aGenericValueArrivesAsAFreshCopyTheFunctionMayChange() throws Exception {
    TypeReference<List<String>> strings = new TypeReference<>() {};
    call(memory, "u1", () -> {
      for (String item : List.of("a", "b", "c")) {
        Sessions.updateSessionValue("list", strings, list -> {
          List<String> items = list.orElseGet(ArrayList::new);
          items.add(item); // the decoded list is the function's own
          return items;
        });
      }
      assertThat(Sessions.getSessionValue("list", strings)).contains(List.of("a", "b", "c"));
      return null;
    });
  }

  @Test
  void aThrowingFunctionLeavesTheOldValueAndCreatesNoSession() throws Exception {
    for (SessionProvider provider : List.<SessionProvider>of(memory, cookie)) {
      TestCalls.Client client = new TestCalls.Client("u1", provider);
      client.call(() -> { Sessions.setSessionValue("n", 7); return null; });
      RequestContext failing = client.start();
      assertThatThrownBy(() -> client.finish(failing, () -> Sessions.updateSessionValue("n", Integer.class, n -> {
        throw new IllegalStateException("refused at " + n.orElseThrow());
      }))).isInstanceOf(IllegalStateException.class).hasMessage("refused at 7");
      assertThat(TestCalls.setCookies(failing)).as("no cookie change (%s)", provider).isEmpty();
      assertThat(client.call(() -> Sessions.getSessionValue("n", Integer.class))).as("%s", provider).contains(7);

      TestCalls.Client fresh = new TestCalls.Client("u2", provider);
      assertThatThrownBy(() -> fresh.call(() -> Sessions.updateSessionValue("n", Integer.class, n -> {
        throw new IllegalStateException("refused");
      }))).hasMessage("refused");
      assertThat(fresh.call(Sessions::hasSession)).as("%s", provider).isFalse();
    }
  }

  @Test
  void theFunctionMustNotUseTheSession() throws Exception {
    call(memory, "u1", () -> {
      Sessions.setSessionValue("n", 1);
      assertThatThrownBy(() -> Sessions.updateSessionValue("n", Integer.class, n -> {
        Sessions.setSessionValue("other", 2);
        return n.orElse(0) + 1;
      })).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("updateSessionValue('n', ...) must not use the session");
      assertThat(Sessions.getSessionValue("n", Integer.class)).contains(1);
      assertThat(Sessions.getSessionValue("other", Integer.class)).isEmpty();
      return null;
    });
  }

  @Test
  void badKeysTypesAndValuesAreRejectedClearly() throws Exception {
    call(memory, "u1", () -> {
      assertThatThrownBy(() -> Sessions.updateSessionValue("", Integer.class, n -> 1))
          .isInstanceOf(IllegalArgumentException.class);
      Sessions.setSessionValue("word", "not a number");
      assertThatThrownBy(() -> Sessions.updateSessionValue("word", Integer.class, n -> 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'word'")
          .hasMessageContaining("java.lang.Integer")
          .hasMessageNotContaining("not a number");
      assertThat(Sessions.getSessionValue("word", String.class)).contains("not a number");
      assertThatThrownBy(() -> Sessions.updateSessionValue("thread", Object.class, n -> new Object() {
        public Object getSelf() { return this; } // not writable as JSON
      })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be written as JSON");
      assertThat(Sessions.getSessionValue("thread", Object.class)).isEmpty();
      return null;
    });
  }

  @Test
  void anUpdateOfAnIdleSessionStartsAFreshOne() throws Exception {
    call(memory, "u1", () -> { Sessions.setSessionValue("n", 5); Sessions.setSessionValue("other", 1); return null; });
    clock.advance(InMemorySessionProvider.DEFAULT_IDLE_TIMEOUT.plusMinutes(1));
    assertThat(call(memory, "u1", SessionUpdateTest::increment)).contains(1);
    assertThat(memory.get("u1", "other")).isEmpty();
    assertThat(memory.stats().activeSessions()).hasValue(1);
    assertThat(memory.stats().evictedSessions()).hasValue(1);
  }

  @Test
  void inMemoryTwoHundredConcurrentIncrementsByOneUserEndAtTwoHundred() throws Exception {
    List<Integer> seen = concurrently(200, i -> call(memory, "one-user", () -> increment().orElseThrow()));
    assertThat(seen).doesNotHaveDuplicates().allSatisfy(n -> assertThat(n).isBetween(1, 200));
    assertThat(memory.get("one-user", "n")).contains("200");
  }

  @Test
  void inACookieTwoHundredConcurrentIncrementsWithinOneCallEndAtTwoHundred() throws Exception {
    TestCalls.Client browser = new TestCalls.Client("alice", cookie);
    RequestContext request = browser.start();
    browser.finish(request, () -> concurrently(200, i -> Poto.callWith(request, SessionUpdateTest::increment)));
    assertThat(browser.call(() -> Sessions.getSessionValue("n", Integer.class))).contains(200);
    assertThat(browser.call(SessionUpdateTest::increment)).contains(201); // one request after another adds up
  }

  @Test
  void inACookieConcurrentRequestsAreLastAnswerWins_theDocumentedLimitation() throws Exception {
    TestCalls.Client browser = new TestCalls.Client("alice", cookie);
    browser.call(SessionUpdateTest::increment);
    RequestContext first = browser.start();
    RequestContext second = browser.start(); // sent before the first answer arrives
    assertThat(browser.finish(first, SessionUpdateTest::increment)).contains(2);
    assertThat(browser.finish(second, SessionUpdateTest::increment)).contains(2);
    assertThat(browser.call(() -> Sessions.getSessionValue("n", Integer.class)))
        .as("one increment lost: both requests started from the cookie holding 1")
        .contains(2);
  }
}
