package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Visitor and named login, and access control on the RPC route, over real HTTP. */
class AuthEndpointsTest {
  private static PotoServer server;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    server = TestServers.start();
    http = new TestHttp(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(TestHttp.json(response).get("code").asText()).isEqualTo(code);
  }

  private static String login(String username, String password) {
    HttpResponse<String> response = http.post("/poto/_auth/login",
        "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestHttp.json(response).get("token").asText();
  }

  @Test
  void visitorGetsTokenIdAndExpiry() {
    HttpResponse<String> response = http.post("/poto/_auth/visitor", null, null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    JsonNode body = TestHttp.json(response);
    String userId = body.get("userId").asText();
    assertThat(userId).startsWith("visitor_");
    byte[] random = Base64.getUrlDecoder().decode(userId.substring("visitor_".length()));
    assertThat(random.length * 8).isGreaterThanOrEqualTo(128);
    assertThat(Instant.parse(body.get("expiresAt").asText())).isAfter(Instant.now());
    assertThat(body.has("password")).isFalse();
    assertThat(body.size()).isEqualTo(3);
    PotoUser user = server.runtime().tokens().verify(body.get("token").asText());
    assertThat(user.id()).isEqualTo(userId);
    assertThat(user.roles()).containsExactly("visitor");
  }

  @Test
  void visitorIdsAreUnique() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      ids.add(http.visitor().get("userId").asText());
    }
    assertThat(ids).hasSize(20);
  }

  @Test
  void visitorEndpointOnlyAcceptsPost() {
    HttpResponse<String> response = http.send(http.request("/poto/_auth/visitor").GET().build());
    assertProblem(response, 405, ProblemCodes.METHOD_NOT_ALLOWED);
  }

  @Test
  void unknownAuthEndpointIs404() {
    assertProblem(http.post("/poto/_auth/nope", null, null), 404, ProblemCodes.UNKNOWN_METHOD);
  }

  @Test
  void loginGivesTheUsersIdAndRoles() {
    HttpResponse<String> response = http.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = TestHttp.json(response);
    assertThat(body.get("userId").asText()).isEqualTo("user_alice");
    PotoUser user = server.runtime().tokens().verify(body.get("token").asText());
    assertThat(user).isEqualTo(new PotoUser("user_alice", Set.of("member")));
    assertThat(http.post("/poto/test/whoami", null, body.get("token").asText()).body()).isEqualTo("\"user_alice\"");
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSameAnswer() {
    HttpResponse<String> wrong = http.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"nope\"}", null);
    HttpResponse<String> unknown = http.post("/poto/_auth/login", "{\"username\":\"mallory\",\"password\":\"nope\"}", null);
    assertProblem(wrong, 401, ProblemCodes.INVALID_CREDENTIALS);
    assertProblem(unknown, 401, ProblemCodes.INVALID_CREDENTIALS);
    JsonNode a = TestHttp.json(wrong);
    JsonNode b = TestHttp.json(unknown);
    assertThat(a.get("detail")).isEqualTo(b.get("detail"));
    assertThat(a.get("title")).isEqualTo(b.get("title"));
  }

  @Test
  void loginBodyIsChecked() {
    assertProblem(http.post("/poto/_auth/login", "{\"username\":\"alice\"}", null), 400, ProblemCodes.MISSING_ARGUMENT);
    assertProblem(http.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":1}", null), 400, ProblemCodes.INVALID_ARGUMENT);
    assertProblem(http.post("/poto/_auth/login", "{\"username\":\"a\",\"password\":\"b\",\"x\":1}", null), 400, ProblemCodes.UNKNOWN_ARGUMENT);
    assertProblem(http.post("/poto/_auth/login", "{nope", null), 400, ProblemCodes.MALFORMED_JSON);
    HttpResponse<String> text = http.send(http.request("/poto/_auth/login").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertProblem(text, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void noTokenIs401() {
    assertProblem(http.post("/poto/test/whoami", null, null), 401, ProblemCodes.UNAUTHENTICATED);
  }

  @Test
  void missingRoleIs403AndRightRolePasses() {
    String visitor = http.visitor().get("token").asText();
    assertProblem(http.post("/poto/test/admin", null, visitor), 403, ProblemCodes.FORBIDDEN);
    assertProblem(http.post("/poto/test/admin", null, login("alice", "wonderland")), 403, ProblemCodes.FORBIDDEN);
    HttpResponse<String> ok = http.post("/poto/test/admin", null, login("root", "sup3r-secret"));
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("\"admin ok\"");
  }

  @Test
  void publicMethodWorksWithoutToken() {
    HttpResponse<String> response = http.post("/poto/test/publicEcho", "{\"text\":\"hi\"}", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("\"anonymous:hi\"");
  }

  @Test
  void publicMethodSeesTheCallerWhenThereIsOne() {
    JsonNode visitor = http.visitor();
    HttpResponse<String> response = http.post("/poto/test/publicEcho", "{\"text\":\"hi\"}", visitor.get("token").asText());
    assertThat(response.body()).isEqualTo("\"" + visitor.get("userId").asText() + ":hi\"");
  }

  @Test
  void badTokenIs401EvenOnPublicMethod() {
    assertProblem(http.post("/poto/test/publicEcho", "{}", "garbage"), 401, ProblemCodes.INVALID_TOKEN);
    HttpResponse<String> basic = http.send(http.request("/poto/test/publicEcho").header("Authorization", "Basic YTpi")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertProblem(basic, 401, ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void tamperedTokenIs401() {
    JsonNode visitor = http.visitor();
    String token = visitor.get("token").asText();
    String userId = visitor.get("userId").asText();
    String tampered = TokenServiceTest.tamper(token, userId, "visitor_somebodyElse00000000");
    assertProblem(http.post("/poto/test/whoami", null, tampered), 401, ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void expiredTokenIs401TokenExpiredEvenOnPublic() {
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(3)), ZoneOffset.UTC);
    String token = new TokenService(new JwtConfig().secret(TestServers.SECRET), past).issue(new PotoUser("u", Set.of("admin"))).token();
    assertProblem(http.post("/poto/test/whoami", null, token), 401, ProblemCodes.TOKEN_EXPIRED);
    assertProblem(http.post("/poto/test/publicEcho", "{}", token), 401, ProblemCodes.TOKEN_EXPIRED);
  }

  @Test
  void algNoneTokenIs401() {
    assertProblem(http.post("/poto/test/admin", null, TokenServiceTest.algNoneToken("root")), 401, ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void wrongIssuerTokenIs401() {
    String token = new TokenService(new JwtConfig().secret(TestServers.SECRET).issuer("elsewhere"))
        .issue(new PotoUser("u", Set.of())).token();
    assertProblem(http.post("/poto/test/whoami", null, token), 401, ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void loginWithoutUserProviderFailsLikeAWrongPassword() {
    try (PotoServer bare = PotoServer.create(c -> c.host("127.0.0.1").port(0).jwt(j -> j.secret(TestServers.SECRET))).start()) {
      HttpResponse<String> response = new TestHttp(bare.port())
          .post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}", null);
      assertProblem(response, 401, ProblemCodes.INVALID_CREDENTIALS);
    }
  }
}
