package dev.poto.client;

import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A named login with a refresh token is refreshed transparently when its access token expires. */
class PotoClientRefreshTest {
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final RpcMethod WHO_AM_I = method("me", "id", type(String.class), ResultKind.VALUE);
  private static final String EXPIRES = "2030-01-02T03:04:05Z";

  private final AtomicInteger refreshes = new AtomicInteger();
  /** The only access token the fake server still accepts; earlier ones answer token_expired. */
  private volatile String validToken = "a1";
  /** The refresh token the fake server expects next; any other is refused. */
  private volatile String currentRefresh = "r1";
  private FakeServer server;

  private static String login(String token, String refresh) {
    return "{\"token\":\"" + token + "\",\"userId\":\"ada\",\"expiresAt\":\"" + EXPIRES + "\",\"refreshToken\":\""
        + refresh + "\",\"refreshExpiresAt\":\"" + EXPIRES + "\"}";
  }

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    server.on("/poto/_auth/login", (req, ex) -> FakeServer.json(ex, 200, login("a1", "r1")));
    server.on("/poto/_auth/refresh", (req, ex) -> {
      String presented = JSON.readTree(req.body()).get("refreshToken").asText();
      if (!presented.equals(currentRefresh)) {
        FakeServer.problem(ex, 401, "invalid_refresh_token", "reused");
        return;
      }
      int n = refreshes.incrementAndGet() + 1;
      validToken = "a" + n;
      currentRefresh = "r" + n;
      FakeServer.json(ex, 200, login(validToken, currentRefresh));
    });
    server.on("/poto/_auth/logout", (req, ex) -> FakeServer.noContent(ex));
    server.on("/poto/me/id", (req, ex) -> {
      String auth = req.header("Authorization");
      if (!("Bearer " + validToken).equals(auth)) {
        FakeServer.problem(ex, 401, "token_expired", "expired");
        return;
      }
      FakeServer.json(ex, 200, JSON.writeValueAsString(auth));
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void loginKeepsTheRefreshTokenAndHidesItFromToString() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      LoginResult login = client.login("ada", "secret");
      assertThat(login.refreshToken()).isEqualTo("r1");
      assertThat(login.toString()).doesNotContain("r1").doesNotContain("a1");
    }
  }

  @Test
  void anExpiredAccessTokenIsRefreshedOnceAndTheCallRetried() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.login("ada", "secret");
      validToken = "a2"; // a1 has expired; the refresh hands out a2 and r2
      assertThat(client.<String>call(WHO_AM_I)).isEqualTo("Bearer a2");
      assertThat(client.token()).isEqualTo("a2");
      assertThat(client.loginResult().refreshToken()).isEqualTo("r2");
      assertThat(client.isVisitor()).isFalse();
      assertThat(server.received("/poto/_auth/refresh")).hasSize(1);
      assertThat(server.received("/poto/_auth/refresh").getFirst().header("Authorization")).isNull();
    }
  }

  @Test
  void concurrentCallsShareOneRefresh() throws Exception {
    try (PotoClient client = PotoClient.create(server.baseUrl());
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      client.login("ada", "secret");
      validToken = "a2"; // a1 expired; the first refresh hands out a2 and r2
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        calls.add(threads.submit(() -> {
          go.await();
          return client.<String>call(WHO_AM_I);
        }));
      }
      go.countDown();
      for (Future<String> call : calls) {
        assertThat(call.get()).isEqualTo("Bearer a2");
      }
      assertThat(refreshes.get()).as("one refresh token is never used twice").isEqualTo(1);
    }
  }

  @Test
  void aRefusedRefreshReportsTokenExpired() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.login("ada", "secret");
      validToken = "a-never";
      currentRefresh = "revoked";
      RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(WHO_AM_I));
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("token_expired");
      assertThat(server.received("/poto/_auth/refresh")).hasSize(1);
    }
  }

  @Test
  void logoutRevokesTheRefreshTokenOnTheServer() throws Exception {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.login("ada", "secret");
      client.logout();
      assertThat(client.token()).isNull();
      assertThat(JSON.readTree(server.received("/poto/_auth/logout").getFirst().body()).get("refreshToken").asText())
          .isEqualTo("r1");
    }
  }

  @Test
  void aVisitorLogoutStaysLocal() {
    server.on("/poto/_auth/visitor", (req, ex) ->
        FakeServer.json(ex, 200, "{\"token\":\"v1\",\"userId\":\"visitor_1\",\"expiresAt\":\"" + EXPIRES + "\"}"));
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();
      client.logout();
      assertThat(server.received("/poto/_auth/logout")).isEmpty();
    }
  }
}
