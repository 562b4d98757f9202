package dev.poto.it.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.client.CallOptions;
import dev.poto.client.LoginResult;
import dev.poto.client.PotoClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's identity validations, ten times larger, over HTTP through the generated client: each
 * answer must belong to the caller that asked for it, with zero mismatches.
 */
class ConcurrentIdentityTest {
  /** "visitor_" and at least 128 bits of base64url. */
  private static final Pattern VISITOR_ID = Pattern.compile("visitor_[A-Za-z0-9_-]{22,}");

  private static CoreServer server;

  @BeforeAll
  static void start() {
    server = new CoreServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void thousandConcurrentVisitorLoginsAreAllUniqueAndWellFormed() {
    int n = 1_000;
    List<LoginResult> logins = Concurrently.run(n, i -> {
      try (PotoClient client = server.pooledClient()) {
        return client.loginAsVisitor();
      }
    });
    Set<String> ids = new HashSet<>();
    Set<String> tokens = new HashSet<>();
    int malformed = 0;
    int subjectMismatch = 0;
    int notInFuture = 0;
    Instant now = Instant.now();
    for (LoginResult login : logins) {
      ids.add(login.userId());
      tokens.add(login.token());
      if (!VISITOR_ID.matcher(login.userId()).matches()) {
        malformed++;
      }
      if (!login.userId().equals(payload(login.token()).path("sub").asText())) {
        subjectMismatch++;
      }
      if (!login.expiresAt().isAfter(now)) {
        notInFuture++;
      }
    }
    assertEquals(n, ids.size(), "unique visitor ids among " + n + " logins");
    assertEquals(n, tokens.size(), "unique tokens among " + n + " logins");
    assertEquals(0, malformed, "ids not of the form visitor_<≥22 base64url chars>, of " + n);
    assertEquals(0, subjectMismatch, "tokens whose sub is not the returned userId, of " + n);
    assertEquals(0, notInFuture, "expiresAt not in the future, of " + n);
  }

  @Test
  void thousandConcurrentCallsFromHundredClientsEachGetTheirOwnCallersId() {
    int clients = 100;
    int calls = 1_000;
    List<PotoClient> pool = Concurrently.run(clients, i -> {
      PotoClient client = server.pooledClient();
      client.loginAsVisitor();
      return client;
    });
    try {
      assertEquals(clients, pool.stream().map(PotoClient::userId).distinct().count(), "distinct visitors");
      List<String> problems = Concurrently.run(calls, i -> {
        PotoClient client = pool.get(i % clients);
        String requestId = "call-" + i;
        String tag = "tag-" + i;
        Caller caller = new CoreModuleClient(client.withOptions(CallOptions.DEFAULTS.withRequestId(requestId)))
            .echo(tag, i % 7);
        List<String> wrong = new ArrayList<>();
        if (!client.userId().equals(caller.userId())) {
          wrong.add("call " + i + " of " + client.userId() + " answered for " + caller.userId());
        }
        if (!requestId.equals(caller.requestId())) {
          wrong.add("call " + i + " saw request id " + caller.requestId());
        }
        if (!tag.equals(caller.tag())) {
          wrong.add("call " + i + " got tag " + caller.tag());
        }
        return String.join("; ", wrong);
      });
      List<String> mismatches = problems.stream().filter(p -> !p.isEmpty()).toList();
      assertEquals(List.of(), mismatches, mismatches.size() + " mismatches among " + calls + " calls from " + clients + " clients");
      assertEquals(calls, problems.size());
    } finally {
      pool.forEach(PotoClient::close);
    }
  }

  @Test
  void twentyConcurrentNamedLoginsOfTwoUsersEachGetTheRightId() {
    int n = 20;
    List<String> problems = Concurrently.run(n, i -> {
      boolean isAlice = i % 2 == 0;
      String expected = isAlice ? server.alice.id() : server.admin.id();
      try (PotoClient client = server.pooledClient()) {
        LoginResult login = isAlice ? client.login("alice", "alice-password") : client.login("root", "root-password");
        Caller caller = new CoreModuleClient(client).whoami();
        String problem = "";
        if (!expected.equals(login.userId())) {
          problem += "login " + i + " returned " + login.userId() + " instead of " + expected + "; ";
        }
        if (!expected.equals(caller.userId())) {
          problem += "call " + i + " ran as " + caller.userId() + " instead of " + expected + "; ";
        }
        List<String> roles = isAlice ? List.of("user") : List.of("admin");
        if (!roles.equals(caller.roles())) {
          problem += "call " + i + " had roles " + caller.roles();
        }
        return problem;
      }
    });
    List<String> mismatches = problems.stream().filter(p -> !p.isEmpty()).toList();
    assertEquals(List.of(), mismatches, mismatches.size() + " wrong identities among " + n + " named logins");
    assertTrue(!server.alice.id().equals(server.admin.id()));
  }

  private static JsonNode payload(String token) {
    String[] parts = token.split("\\.");
    try {
      return RawHttp.JSON.readTree(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError("not a JWT: " + token, e);
    }
  }
}
