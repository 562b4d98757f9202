package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code _auth/refresh} and {@code _auth/logout} over HTTP, and when refresh tokens are on. */
class RefreshEndpointsTest {

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(TestHttp.json(response).get("code").asText()).isEqualTo(code);
  }

  private static JsonNode login(TestHttp http) {
    HttpResponse<String> response = http.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"wonderland\"}", null);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return TestHttp.json(response);
  }

  private static String refreshBody(JsonNode login) {
    return "{\"refreshToken\":\"" + login.get("refreshToken").asText() + "\"}";
  }

  @Test
  void aLoginRefreshesAndLogsOutOverHttp() {
    try (PotoServer server = TestServers.start()) {
      TestHttp http = new TestHttp(server.port());
      JsonNode login = login(http);
      assertThat(Instant.parse(login.get("expiresAt").asText()))
          .isBefore(Instant.now().plus(JwtConfig.DEFAULT_LOGIN_EXPIRY).plusSeconds(5));
      assertThat(Instant.parse(login.get("refreshExpiresAt").asText()))
          .isAfter(Instant.now().plus(JwtConfig.DEFAULT_REFRESH_EXPIRY).minusSeconds(5));

      HttpResponse<String> refreshed = http.post("/poto/_auth/refresh", refreshBody(login), null);
      assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
      assertThat(refreshed.headers().firstValue("Cache-Control")).hasValue("no-store");
      JsonNode next = TestHttp.json(refreshed);
      assertThat(next.get("userId").asText()).isEqualTo("user_alice");
      assertThat(http.post("/poto/test/whoami", null, next.get("token").asText()).body()).isEqualTo("\"user_alice\"");

      // The used token again: reuse, and the login is revoked.
      assertProblem(http.post("/poto/_auth/refresh", refreshBody(login), null), 401, ProblemCodes.INVALID_REFRESH_TOKEN);
      assertProblem(http.post("/poto/_auth/refresh", refreshBody(next), null), 401, ProblemCodes.INVALID_REFRESH_TOKEN);

      JsonNode again = login(http);
      HttpResponse<String> logout = http.post("/poto/_auth/logout", refreshBody(again), null);
      assertThat(logout.statusCode()).isEqualTo(204);
      assertProblem(http.post("/poto/_auth/refresh", refreshBody(again), null), 401, ProblemCodes.INVALID_REFRESH_TOKEN);
    }
  }

  @Test
  void badRefreshBodiesAreClearErrors() {
    try (PotoServer server = TestServers.start()) {
      TestHttp http = new TestHttp(server.port());
      assertProblem(http.post("/poto/_auth/refresh", "{}", null), 400, ProblemCodes.MISSING_ARGUMENT);
      assertProblem(http.post("/poto/_auth/refresh", "{\"refreshToken\":1}", null), 400, ProblemCodes.INVALID_ARGUMENT);
      assertProblem(http.post("/poto/_auth/refresh", "{\"refreshToken\":\"x\",\"other\":1}", null), 400, ProblemCodes.UNKNOWN_ARGUMENT);
      assertProblem(http.post("/poto/_auth/refresh", "[", null), 400, ProblemCodes.MALFORMED_JSON);
      assertProblem(http.post("/poto/_auth/refresh", "{\"refreshToken\":\"not-one\"}", null), 401, ProblemCodes.INVALID_REFRESH_TOKEN);
      assertProblem(http.post("/poto/_auth/logout", "{\"refreshToken\":\"not-one\"}", null), 401, ProblemCodes.INVALID_REFRESH_TOKEN);
    }
  }

  @Test
  void visitorsGetNoRefreshToken() {
    try (PotoServer server = TestServers.start()) {
      JsonNode visitor = new TestHttp(server.port()).visitor();
      assertThat(visitor.has("refreshToken")).isFalse();
      assertThat(visitor.has("refreshExpiresAt")).isFalse();
    }
  }

  @Test
  void offWhenTurnedOffOrWithTheCookieStore() {
    try (PotoServer server = TestServers.start(config -> config.jwt(jwt -> jwt.refreshTokens(false)))) {
      TestHttp http = new TestHttp(server.port());
      JsonNode login = login(http);
      assertThat(login.has("refreshToken")).isFalse();
      assertThat(Instant.parse(login.get("expiresAt").asText())).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
      assertProblem(http.post("/poto/_auth/refresh", "{\"refreshToken\":\"x\"}", null), 404, ProblemCodes.UNKNOWN_METHOD);
    }
    CookieSessionKeys keys = CookieSessionKeys.generate();
    try (PotoServer server = TestServers.start(config ->
        config.sessionProvider(EncryptedCookieSessionProvider.builder(keys).build()))) {
      assertThat(login(new TestHttp(server.port())).has("refreshToken")).isFalse();
    }
    assertThatThrownBy(() -> PotoServer.create(config -> config.port(0).jwt(jwt -> jwt.secret(TestServers.SECRET).refreshTokens(true))
        .sessionProvider(EncryptedCookieSessionProvider.builder(keys).build())))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("server-side session store");
  }

  @Test
  void theLoginAccessTokenNeverOutlivesTheConfiguredExpiry() {
    try (PotoServer server = TestServers.start(config -> config.jwt(jwt -> jwt.expiry(Duration.ofMinutes(2))))) {
      JsonNode login = login(new TestHttp(server.port()));
      assertThat(Instant.parse(login.get("expiresAt").asText())).isBefore(Instant.now().plus(Duration.ofMinutes(3)));
    }
  }
}
