package dev.poto.it.sessions;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import dev.poto.it.sessions.SessionServers.Provider;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's session validations, ten times larger, over HTTP through the generated
 * {@link SessionModuleClient}, against the in-memory and the encrypted cookie provider. The cookie
 * runs use clients that keep their cookies, as a browser does.
 */
class SessionsOverHttpTest {
  private static final Map<Provider, SessionServers> SERVERS = new EnumMap<>(Provider.class);

  @BeforeAll
  static void start() {
    for (Provider provider : Provider.values()) {
      SERVERS.put(provider, new SessionServers(provider.create.get()));
    }
  }

  @AfterAll
  static void stop() {
    SERVERS.values().forEach(SessionServers::close);
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void helpersSetGetRemoveAndDelete(Provider provider) {
    try (PotoClient client = SERVERS.get(provider).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      assertFalse(sessions.hasSession());
      assertNull(sessions.get("colour"));
      sessions.put("colour", "teal");
      sessions.put("size", "L");
      assertTrue(sessions.hasSession());
      assertEquals("teal", sessions.get("colour"));
      assertEquals("teal", sessions.getStatic("colour"), "the static helpers reach the same session");
      assertTrue(sessions.remove("colour"));
      assertFalse(sessions.remove("colour"), "removing twice finds nothing the second time");
      assertNull(sessions.get("colour"));
      assertEquals("L", sessions.get("size"));
      assertTrue(sessions.deleteSession());
      assertFalse(sessions.hasSession());
      assertNull(sessions.get("size"));
      assertFalse(sessions.deleteSession(), "no session left to delete");

      StatsView stats = sessions.stats();
      assertEquals(provider == Provider.MEMORY ? "memory" : "cookie", stats.provider());
      if (provider == Provider.COOKIE) {
        assertNull(stats.activeSessions(), "the cookie store cannot count sessions: not available, never 0");
        assertEquals(-1L, sessions.cleanupIdle(1), "cookies cannot be swept server-side");
      } else {
        assertNotNull(stats.activeSessions());
        assertNotNull(stats.maxSessions());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void twoHundredWritesFromOneClientThenTwoHundredCorrectReads(Provider provider) {
    int n = 200;
    try (PotoClient client = SERVERS.get(provider).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      if (provider == Provider.MEMORY) {
        Concurrently.run(n, i -> {
          sessions.put("k" + i, value(i));
          return null;
        });
      } else {
        // Documented for cookies: one client's writes are safe one request at a time (see
        // CookieSessionLimitationTest for what concurrent writes do).
        for (int i = 0; i < n; i++) {
          sessions.put("k" + i, value(i));
        }
      }
      List<String> wrong = Concurrently.run(n, i -> {
        String read = sessions.get("k" + i);
        return value(i).equals(read) ? "" : "k" + i + "=" + read;
      }).stream().filter(s -> !s.isEmpty()).toList();
      assertEquals(List.of(), wrong, wrong.size() + " of " + n + " values lost or wrong (" + provider + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void hundredClientsEachSeeOnlyTheirOwnValues(Provider provider) {
    int clients = 100;
    SessionServers server = SERVERS.get(provider);
    List<PotoClient> pool = Concurrently.run(clients, i -> server.visitor());
    try {
      List<String> secrets = Concurrently.run(clients, i -> {
        String secret = pool.get(i).userId() + "/" + UUID.randomUUID();
        SessionModuleClient sessions = new SessionModuleClient(pool.get(i));
        sessions.put("secret", secret);
        sessions.put("mine-" + i, "yes");
        return secret;
      });
      List<String> wrong = Concurrently.run(clients, i -> {
        SessionModuleClient sessions = new SessionModuleClient(pool.get(i));
        List<String> problems = new ArrayList<>();
        String read = sessions.get("secret");
        if (!secrets.get(i).equals(read)) {
          problems.add("client " + i + " read " + read);
        }
        if (!"yes".equals(sessions.get("mine-" + i))) {
          problems.add("client " + i + " lost its own key");
        }
        int neighbour = (i + 1) % clients;
        if (sessions.get("mine-" + neighbour) != null) {
          problems.add("client " + i + " sees client " + neighbour + "'s key");
        }
        return String.join("; ", problems);
      }).stream().filter(s -> !s.isEmpty()).toList();
      assertEquals(List.of(), wrong, wrong.size() + " of " + clients + " clients saw the wrong session (" + provider + ")");
    } finally {
      pool.forEach(PotoClient::close);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void thousandOperationsFromHundredClientsAreAllCorrect(Provider provider) {
    int clients = 100;
    int opsPerClient = 10;
    SessionServers server = SERVERS.get(provider);
    List<PotoClient> pool = Concurrently.run(clients, i -> server.visitor());
    try {
      // Clients run concurrently; each client's ten operations are in order, as one user's are.
      List<int[]> counts = Concurrently.run(clients, i -> {
        SessionModuleClient s = new SessionModuleClient(pool.get(i));
        String a = "a-" + i;
        String b = "b-" + pool.get(i).userId();
        int[] okAndTotal = {0, 0};
        check(okAndTotal, () -> { s.put("a", a); return true; });
        check(okAndTotal, () -> a.equals(s.get("a")));
        check(okAndTotal, () -> { s.put("b", b); return true; });
        check(okAndTotal, () -> b.equals(s.get("b")));
        check(okAndTotal, () -> s.remove("a"));
        check(okAndTotal, () -> s.get("a") == null);
        check(okAndTotal, () -> b.equals(s.getStatic("b")));
        check(okAndTotal, () -> { s.put("a", a + "!"); return true; });
        check(okAndTotal, () -> (a + "!").equals(s.get("a")));
        check(okAndTotal, s::hasSession);
        return okAndTotal;
      });
      int ok = counts.stream().mapToInt(c -> c[0]).sum();
      int total = counts.stream().mapToInt(c -> c[1]).sum();
      assertEquals(clients * opsPerClient, total, "operations run");
      assertEquals(total, ok, "correct operations of " + total + " (" + provider + ")");
    } finally {
      pool.forEach(PotoClient::close);
    }
  }

  @ParameterizedTest
  @EnumSource(Provider.class)
  void sessionHelpersOnAnAnonymousPublicCallAre401(Provider provider) {
    SessionServers server = SERVERS.get(provider);
    assertProblem(server.raw.post("/poto/sessions/anonymousGet", "{\"key\":\"x\"}", null), 401, ProblemCodes.UNAUTHENTICATED);
    try (PotoClient anonymous = server.anonymous()) {
      RpcException e = assertThrows(RpcException.class, () -> new SessionModuleClient(anonymous).anonymousGet("x"));
      assertEquals(401, e.status());
      assertEquals(ProblemCodes.UNAUTHENTICATED, e.code());
    }
    try (PotoClient visitor = server.visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(visitor);
      sessions.put("x", "1");
      assertEquals("1", sessions.anonymousGet("x"), "the same @Public method works for a caller with a token");
    }
  }

  private static String value(int i) {
    return Integer.toString(i * 7919, 36);
  }

  private interface Op {
    boolean run();
  }

  private static void check(int[] okAndTotal, Op op) {
    okAndTotal[1]++;
    if (op.run()) {
      okAndTotal[0]++;
    }
  }

  static String cookieValue(PotoClient client, String name) {
    return client.cookies().stream().filter(c -> c.getName().equals(name)).map(c -> c.getValue())
        .filter(Objects::nonNull).findFirst().orElse(null);
  }
}
