package dev.poto.runtime.session.cookie;

import dev.poto.runtime.session.TestCalls;
import dev.poto.runtime.Sessions;
import static dev.poto.runtime.session.TestCalls.concurrently;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.Poto;
import dev.poto.runtime.context.RequestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The seed's session validations, ten times larger, for what a cookie can guarantee: every client
 * has its own cookie jar; concurrency is across clients, and within one call. Concurrent requests
 * from one client each carry the cookie as it was sent, so their writes are last-answer-wins; the
 * last test pins that documented limitation down.
 */
class CookieSessionConcurrencyTest {
  private final EncryptedCookieSessionProvider provider =
      EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).build();

  @Test
  void twoHundredConcurrentWritesWithinOneCallAllSurviveThenTwoHundredConcurrentReadsAreCorrect() throws Exception {
    TestCalls.Client client = new TestCalls.Client("one-user", provider);
    RequestContext call = client.start();
    // 200 threads working for the same call (as forks of a StructuredTaskScope would) write different keys.
    client.finish(call, () -> {
      concurrently(200, i -> {
        Poto.runWith(call, () -> Sessions.setSessionValue("k" + i, i));
        return null;
      });
      return null;
    });
    List<Optional<Integer>> reads =
        concurrently(200, i -> client.call(() -> Sessions.getSessionValue("k" + i, Integer.class)));
    for (int i = 0; i < 200; i++) {
      assertThat(reads.get(i)).as("k%d", i).contains(i);
    }
  }

  @Test
  void twoHundredWritesFromOneClientOneRequestAtATimeAllSurvive() throws Exception {
    TestCalls.Client client = new TestCalls.Client("one-user", provider);
    for (int i = 0; i < 200; i++) {
      int value = i;
      client.call(() -> {
        Sessions.setSessionValue("k" + value, value);
        return null;
      });
    }
    List<Optional<Integer>> reads =
        concurrently(200, i -> client.call(() -> Sessions.getSessionValue("k" + i, Integer.class)));
    for (int i = 0; i < 200; i++) {
      assertThat(reads.get(i)).as("k%d", i).contains(i);
    }
  }

  @Test
  void oneHundredConcurrentClientsEachSeeOnlyTheirOwnValues() throws Exception {
    List<TestCalls.Client> clients = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      clients.add(new TestCalls.Client("user-" + i, provider));
    }
    concurrently(100, i -> clients.get(i).call(() -> {
      Sessions.setSessionValue("secret", "secret-of-" + i);
      Sessions.setSessionValue("user-" + i + "-only", i);
      return null;
    }));
    List<Boolean> checks = concurrently(100, i -> clients.get(i).call(() -> {
      boolean ownSecret = Sessions.getSessionValue("secret", String.class).equals(Optional.of("secret-of-" + i));
      boolean ownKey = Sessions.getSessionValue("user-" + i + "-only", Integer.class).equals(Optional.of(i));
      boolean noForeignKey = Sessions.getSessionValue("user-" + ((i + 1) % 100) + "-only", Integer.class).isEmpty();
      return ownSecret && ownKey && noForeignKey;
    }));
    assertThat(checks).hasSize(100).containsOnly(true);
    for (int i = 0; i < 100; i++) { // every client has its own cookie
      assertThat(clients.get(i).jar().get(provider.cookieName()))
          .isNotEqualTo(clients.get((i + 1) % 100).jar().get(provider.cookieName()));
    }
  }

  @Test
  void oneThousandOperationsFromOneHundredConcurrentClientsAreAllCorrect() throws Exception {
    List<Boolean> perClient = concurrently(100, user -> {
      TestCalls.Client client = new TestCalls.Client("user-" + user, provider);
      boolean allCorrect = true;
      for (int op = 0; op < 10; op++) { // 10 calls per client, one at a time, as a browser tab would
        int expected = user * 1000 + op;
        String key = "op-" + op;
        int ops = op;
        allCorrect &= client.call(() -> {
          Sessions.setSessionValue(key, expected);
          boolean readBack = Sessions.getSessionValue(key, Integer.class).equals(Optional.of(expected));
          boolean earlierKept = true;
          for (int earlier = 0; earlier < ops; earlier++) {
            earlierKept &= Sessions.getSessionValue("op-" + earlier, Integer.class).equals(Optional.of(user * 1000 + earlier));
          }
          return readBack && earlierKept;
        });
      }
      return allCorrect;
    });
    assertThat(perClient).hasSize(100).containsOnly(true);
  }

  @Test
  void concurrentRequestsFromOneClientAreLastAnswerWins_theDocumentedLimitation() throws Exception {
    TestCalls.Client browser = new TestCalls.Client("alice", provider);
    browser.call(() -> { Sessions.setSessionValue("base", 0); return null; });

    // Two requests leave the browser with the same cookie before either answer arrives.
    RequestContext first = browser.start();
    RequestContext second = browser.start();
    browser.finish(first, () -> { Sessions.setSessionValue("fromFirst", 1); return null; });
    browser.finish(second, () -> { Sessions.setSessionValue("fromSecond", 2); return null; });

    assertThat(browser.call(() -> Sessions.getSessionValue("base", Integer.class))).contains(0);
    assertThat(browser.call(() -> Sessions.getSessionValue("fromSecond", Integer.class))).contains(2);
    assertThat(browser.call(() -> Sessions.getSessionValue("fromFirst", Integer.class)))
        .as("lost: the second answer's cookie was built from the cookie sent before the first answer")
        .isEmpty();
  }
}
