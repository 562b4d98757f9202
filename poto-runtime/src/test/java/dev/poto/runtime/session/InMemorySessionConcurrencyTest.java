package dev.poto.runtime.session;

import dev.poto.runtime.Sessions;
import static dev.poto.runtime.session.TestCalls.call;
import static dev.poto.runtime.session.TestCalls.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The seed's session validations, ten times larger, each request a call on its own virtual thread. */
class InMemorySessionConcurrencyTest {
  private final InMemorySessionProvider provider = new InMemorySessionProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void twoHundredConcurrentWritesOfDifferentKeysFromOneUserAllSurvive() throws Exception {
    concurrently(200, i -> call(provider, "one-user", () -> {
      Sessions.setSessionValue("key-" + i, "value-" + i);
      return null;
    }));
    List<Optional<String>> reads =
        concurrently(200, i -> call(provider, "one-user", () -> Sessions.getSessionValue("key-" + i, String.class)));
    for (int i = 0; i < 200; i++) {
      assertThat(reads.get(i)).as("key-%d", i).contains("value-" + i);
    }
    assertThat(provider.stats().activeSessions()).hasValue(1);
  }

  @Test
  void oneHundredUsersEachSeeOnlyTheirOwnValues() throws Exception {
    concurrently(100, i -> call(provider, "user-" + i, () -> {
      Sessions.setSessionValue("secret", "secret-of-" + i);
      Sessions.setSessionValue("user-" + i + "-only", i);
      return null;
    }));
    List<Boolean> checks = concurrently(100, i -> call(provider, "user-" + i, () -> {
      boolean ownSecret = Sessions.getSessionValue("secret", String.class).equals(Optional.of("secret-of-" + i));
      boolean ownKey = Sessions.getSessionValue("user-" + i + "-only", Integer.class).equals(Optional.of(i));
      int other = (i + 1) % 100;
      boolean noForeignKey = Sessions.getSessionValue("user-" + other + "-only", Integer.class).isEmpty();
      return ownSecret && ownKey && noForeignKey;
    }));
    assertThat(checks).hasSize(100).containsOnly(true);
    assertThat(provider.stats().activeSessions()).hasValue(100);
  }

  @Test
  void oneThousandOperationsFromOneHundredUsersAreAllCorrect() throws Exception {
    // Each operation is its own call: write a key, read it back, read an earlier key of the same user.
    List<Boolean> results = concurrently(1000, n -> {
      int user = n % 100;
      int op = n / 100;
      return call(provider, "user-" + user, () -> {
        String key = "op-" + op;
        Sessions.setSessionValue(key, user * 1000 + op);
        boolean readBack = Sessions.getSessionValue(key, Integer.class).equals(Optional.of(user * 1000 + op));
        Optional<Integer> first = Sessions.getSessionValue("op-0", Integer.class);
        boolean firstIsOwn = first.isEmpty() || first.get() == user * 1000; // op-0 may not have run yet
        return readBack && firstIsOwn;
      });
    });
    assertThat(results).hasSize(1000).containsOnly(true);
    for (int user = 0; user < 100; user++) {
      for (int op = 0; op < 10; op++) {
        assertThat(provider.get("user-" + user, "op-" + op)).contains(Integer.toString(user * 1000 + op));
      }
    }
  }
}
