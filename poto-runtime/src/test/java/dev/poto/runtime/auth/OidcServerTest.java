package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestIdentityProvider;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Provider tokens through a running server: answers, roles, rotation under traffic, provider outage. */
class OidcServerTest {
  private final TestIdentityProvider provider = new TestIdentityProvider();
  private final RSAKey k1 = TestIdentityProvider.rsaKey("k1");
  private PotoServer server;
  private TestHttp http;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    provider.close();
  }

  private void start() {
    server = TestServers.start(config -> config.oidc(oidc -> oidc
        .issuer(provider.issuer()).audience("poto-app").rolesClaim("realm_access.roles")
        .keyFetchMinInterval(Duration.ZERO)));
    http = new TestHttp(server.port());
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    assertThat(TestHttp.json(response).get("code").asText()).isEqualTo(code);
  }

  @Test
  void providerUsersCallWithTheirIdAndRoles() {
    provider.publish(k1);
    start();
    String admin = provider.sign(k1, c -> c.subject("ada").claim("realm_access", Map.of("roles", List.of("admin"))));
    String member = provider.sign(k1, c -> c.subject("bob").claim("realm_access", Map.of("roles", List.of("member"))));
    assertThat(http.post("/poto/test/whoami", null, admin).body()).isEqualTo("\"ada\"");
    assertThat(http.post("/poto/test/admin", null, admin).statusCode()).isEqualTo(200);
    assertProblem(http.post("/poto/test/admin", null, member), 403, ProblemCodes.FORBIDDEN);
    // Poto's own visitors keep working beside the provider.
    String visitor = http.visitor().get("token").asText();
    assertThat(http.post("/poto/test/whoami", null, visitor).body()).startsWith("\"visitor_");
  }

  @Test
  void rejectionsAre401WithStableCodes() {
    provider.publish(k1);
    start();
    assertProblem(http.post("/poto/test/whoami", null, provider.sign(k1, c -> c.audience("other"))), 401, ProblemCodes.INVALID_TOKEN);
    assertProblem(http.post("/poto/test/whoami", null, provider.sign(TestIdentityProvider.rsaKey("nope"), c -> {})),
        401, ProblemCodes.UNKNOWN_KEY);
    // also on a public method: a present token must be valid
    assertProblem(http.post("/poto/test/publicEcho", "{}", provider.sign(TestIdentityProvider.rsaKey("nope"), c -> {})),
        401, ProblemCodes.UNKNOWN_KEY);
    provider.down(true);
    assertProblem(http.post("/poto/test/whoami", null, provider.sign(TestIdentityProvider.rsaKey("other"), c -> {})),
        401, ProblemCodes.UNKNOWN_KEY);
  }

  @Test
  void theProviderDownFromTheStartIs401NotA500() {
    provider.publish(k1);
    provider.down(true);
    start();
    assertProblem(http.post("/poto/test/whoami", null, provider.sign(k1, c -> {})), 401, ProblemCodes.UNKNOWN_KEY);
  }

  @Test
  void keyRotationAtTheProviderMidTraffic() throws Exception {
    provider.publish(k1);
    start();
    AtomicReference<String> current = new AtomicReference<>(provider.sign(k1, c -> {}));
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch halfway = new CountDownLatch(4 * 20);
    List<Thread> callers = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      callers.add(Thread.ofVirtual().start(() -> {
        for (int i = 0; i < 40; i++) {
          HttpResponse<String> response = http.post("/poto/test/whoami", null, current.get());
          if (response.statusCode() != 200) {
            failures.add(response.statusCode() + " " + response.body());
          }
          halfway.countDown();
        }
      }));
    }
    halfway.await();
    // The provider rotates: publishes k2 and signs with it from now on; k1 stays published while
    // tokens it signed are still out there, as providers do.
    RSAKey k2 = TestIdentityProvider.otherRsaKey("k2");
    provider.publish(k2);
    current.set(provider.sign(k2, c -> {}));
    for (Thread caller : callers) {
      caller.join();
    }
    provider.retire("k1");
    assertThat(failures).isEmpty();
    assertThat(http.post("/poto/test/whoami", null, provider.sign(k2, c -> c.subject("after"))).body()).isEqualTo("\"after\"");
    assertThat(provider.jwksFetches()).as("one initial fetch, one for the new key").isEqualTo(2);
  }
}
