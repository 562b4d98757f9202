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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tokens, cookies and visitor renewal: one client instance is one identity. */
class PotoClientIdentityTest {
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final RpcMethod WHO_AM_I = method("me", "id", type(String.class), ResultKind.VALUE);
  private static final String EXPIRES = "2030-01-02T03:04:05Z";

  private final AtomicInteger visitorLogins = new AtomicInteger();
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    // Visitor n gets token "v<n>" and a cookie of its own.
    server.on("/poto/_auth/visitor", (req, ex) -> {
      int n = visitorLogins.incrementAndGet();
      ex.getResponseHeaders().add("Set-Cookie", "sid=s" + n + "; Path=/");
      FakeServer.json(ex, 200, "{\"token\":\"v" + n + "\",\"userId\":\"visitor_" + n
          + "\",\"expiresAt\":\"" + EXPIRES + "\",\"roles\":[\"visitor\"]}");
    });
    server.on("/poto/_auth/login", (req, ex) -> {
      var body = JSON.readTree(req.body());
      if (body.get("username").asText().equals("ada") && body.get("password").asText().equals("secret")) {
        FakeServer.json(ex, 200, "{\"token\":\"u-ada\",\"userId\":\"ada\",\"expiresAt\":\"" + EXPIRES + "\"}");
      } else {
        FakeServer.problem(ex, 401, "invalid_credentials", "unknown user or wrong password");
      }
    });
    // Answers the caller's token, so each test sees which identity a call carried.
    server.on("/poto/me/id", (req, ex) -> {
      String auth = req.header("Authorization");
      FakeServer.json(ex, 200, JSON.writeValueAsString(auth == null ? "anonymous" : auth));
    });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void visitorLoginStoresTheTokenAndSendsItAsBearer() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      LoginResult login = client.loginAsVisitor();

      assertThat(login).isEqualTo(new LoginResult("v1", "visitor_1", Instant.parse(EXPIRES)));
      assertThat(client.token()).isEqualTo("v1");
      assertThat(client.userId()).isEqualTo("visitor_1");
      assertThat(client.isVisitor()).isTrue();
      assertThat(client.<String>call(WHO_AM_I)).isEqualTo("Bearer v1");
      assertThat(server.received("/poto/_auth/visitor").getFirst().header("Authorization")).isNull();
    }
  }

  @Test
  void loginSendsCredentialsAndThenTheUsersToken() throws Exception {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      LoginResult login = client.login("ada", "secret");

      assertThat(login.userId()).isEqualTo("ada");
      assertThat(client.isVisitor()).isFalse();
      assertThat(client.<String>call(WHO_AM_I)).isEqualTo("Bearer u-ada");
      FakeServer.Received request = server.received("/poto/_auth/login").getFirst();
      assertThat(request.header("Content-Type")).isEqualTo("application/json");
      assertThat(request.header("Authorization")).isNull(); // the visitor token is not sent to log in
      assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"username\":\"ada\",\"password\":\"secret\"}"));
    }
  }

  @Test
  void failedLoginThrowsAndKeepsThePreviousIdentity() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      RpcException e = catchThrowableOfType(RpcException.class, () -> client.login("ada", "wrong"));

      assertThat(e.status()).isEqualTo(401);
      assertThat(e.code()).isEqualTo("invalid_credentials");
      assertThat(client.token()).isEqualTo("v1");
    }
  }

  @Test
  void logoutForgetsTheToken() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      client.logout();

      assertThat(client.token()).isNull();
      assertThat(client.userId()).isNull();
      assertThat(client.<String>call(WHO_AM_I)).isEqualTo("anonymous");
    }
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(new LoginResult("secret-token", "u", null).toString()).doesNotContain("secret-token");
  }

  @Test
  void cookiesAreKeptPerInstanceAndSentBack() {
    try (PotoClient first = PotoClient.create(server.baseUrl());
        PotoClient second = PotoClient.create(server.baseUrl())) {
      first.loginAsVisitor(); // cookie sid=s1
      second.loginAsVisitor(); // cookie sid=s2

      first.call(WHO_AM_I);
      second.call(WHO_AM_I);

      List<FakeServer.Received> calls = server.received("/poto/me/id");
      assertThat(calls.get(0).header("Cookie")).isEqualTo("sid=s1");
      assertThat(calls.get(0).header("Authorization")).isEqualTo("Bearer v1");
      assertThat(calls.get(1).header("Cookie")).isEqualTo("sid=s2");
      assertThat(calls.get(1).header("Authorization")).isEqualTo("Bearer v2");
      assertThat(first.cookies()).extracting(c -> c.getValue()).containsExactly("s1");
    }
  }

  @Test
  void cookiesWithMaxAgeGoBackInTheRfc6265FormFilteredByPathAndSecure() {
    server.on("/poto/me/set", (req, ex) -> {
      ex.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/; Max-Age=600; HttpOnly; SameSite=Lax");
      ex.getResponseHeaders().add("Set-Cookie", "theme=dark; Path=/poto; Max-Age=600");
      ex.getResponseHeaders().add("Set-Cookie", "other=x; Path=/elsewhere; Max-Age=600");
      ex.getResponseHeaders().add("Set-Cookie", "secret=y; Path=/; Max-Age=600; Secure");
      FakeServer.json(ex, 200, "\"ok\"");
    });
    RpcMethod set = method("me", "set", type(String.class), ResultKind.VALUE);
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.call(set);
      client.call(WHO_AM_I);
      // Not CookieManager's RFC 2965 form ($Version="1"; session="abc";$Path="/"), which Max-Age triggers.
      String sent = server.received("/poto/me/id").getFirst().header("Cookie");
      assertThat(sent.split("; ")).containsExactlyInAnyOrder("session=abc", "theme=dark");
    }
  }

  @Test
  void instancesOnOneSharedHttpClientStayIsolated() {
    try (var http = java.net.http.HttpClient.newHttpClient();
        PotoClient first = PotoClient.builder(server.baseUrl()).httpClient(http).build();
        PotoClient second = PotoClient.builder(server.baseUrl()).httpClient(http).build()) {
      first.loginAsVisitor();

      assertThat(second.<String>call(WHO_AM_I)).isEqualTo("anonymous");
      assertThat(server.received("/poto/me/id").getFirst().header("Cookie")).isNull();
      assertThat(first.<String>call(WHO_AM_I)).isEqualTo("Bearer v1");
      assertThat(server.received("/poto/me/id").get(1).header("Cookie")).isEqualTo("sid=s1");
    }
  }

  @Test
  void viewsShareTheIdentityOfTheirClient() {
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      PotoClient view = client.withTimeout(java.time.Duration.ofSeconds(5));
      view.loginAsVisitor();
      view.close(); // a view does not own the connections

      assertThat(client.token()).isEqualTo("v1");
      assertThat(client.<String>call(WHO_AM_I)).isEqualTo("Bearer v1");
    }
  }

  @Test
  void expiredVisitorIsRenewedOnceAndTheCallRetriedOnce() {
    server.on("/poto/me/id", (req, ex) -> expireToken("Bearer v1", req, ex));
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      String answer = client.call(WHO_AM_I);

      assertThat(answer).isEqualTo("Bearer v2");
      assertThat(client.userId()).isEqualTo("visitor_2");
      assertThat(visitorLogins).hasValue(2);
      assertThat(server.received("/poto/me/id")).extracting(r -> r.header("Authorization"))
          .containsExactly("Bearer v1", "Bearer v2");
    }
  }

  @Test
  void renewalRetriesOnlyOnce() {
    server.on("/poto/me/id", (req, ex) -> FakeServer.problem(ex, 401, "token_expired", "expired"));
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(WHO_AM_I));

      assertThat(e.code()).isEqualTo("token_expired");
      assertThat(visitorLogins).hasValue(2);
      assertThat(server.received("/poto/me/id")).hasSize(2);
    }
  }

  @Test
  void namedUsersAndDisabledRenewalAreNotRenewed() {
    server.on("/poto/me/id", (req, ex) -> FakeServer.problem(ex, 401, "token_expired", "expired"));
    try (PotoClient user = PotoClient.create(server.baseUrl());
        PotoClient visitor = PotoClient.builder(server.baseUrl()).renewExpiredVisitor(false).build()) {
      user.login("ada", "secret");
      visitor.loginAsVisitor();

      assertThat(catchThrowableOfType(RpcException.class, () -> user.call(WHO_AM_I)).code()).isEqualTo("token_expired");
      assertThat(catchThrowableOfType(RpcException.class, () -> visitor.call(WHO_AM_I)).code()).isEqualTo("token_expired");
      assertThat(visitorLogins).hasValue(1);
      assertThat(server.received("/poto/me/id")).hasSize(2);
    }
  }

  @Test
  void otherUnauthorizedCodesAreNotRenewed() {
    server.on("/poto/me/id", (req, ex) -> FakeServer.problem(ex, 401, "invalid_token", "bad signature"));
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      client.loginAsVisitor();

      assertThat(catchThrowableOfType(RpcException.class, () -> client.call(WHO_AM_I)).code()).isEqualTo("invalid_token");
      assertThat(visitorLogins).hasValue(1);
    }
  }

  @Test
  void concurrentCallsSeeingOneExpiryRenewItOnce() throws Exception {
    server.on("/poto/me/id", (req, ex) -> expireToken("Bearer v1", req, ex));
    int threads = 16;
    try (PotoClient client = PotoClient.create(server.baseUrl());
        ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      client.loginAsVisitor();
      CountDownLatch ready = new CountDownLatch(threads);
      List<Future<String>> answers = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        answers.add(pool.submit(() -> {
          ready.countDown();
          ready.await(30, TimeUnit.SECONDS);
          return client.<String>call(WHO_AM_I);
        }));
      }
      for (Future<String> answer : answers) {
        assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo("Bearer v2");
      }
      assertThat(visitorLogins).hasValue(2);
    }
  }

  private static void expireToken(String expired, FakeServer.Received req, com.sun.net.httpserver.HttpExchange ex)
      throws Exception {
    if (expired.equals(req.header("Authorization"))) {
      FakeServer.problem(ex, 401, "token_expired", "the token has expired");
    } else {
      FakeServer.json(ex, 200, JSON.writeValueAsString(req.header("Authorization")));
    }
  }
}
