package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated TypeScript client against live Java servers, in Node ({@code node --test}
 * src/test/js/wire/*.test.mjs): every mapped type both ways, calls, every error path, streams,
 * cancellation, visitor re-login, cookie sessions. One server has a three-second token expiry for the
 * re-login test (tokens count whole seconds, so a token lives between two and three: long enough for the
 * test's first call even on a loaded machine, where a one-second expiry once ran out before it); both use encrypted cookie sessions (without the Secure flag: plain http on loopback).
 */
class WireNodeTest {
  static final String SECRET = "wire-test-secret-wire-test-secret-0123456789";
  private static PotoServer main;
  private static PotoServer shortExpiry;
  /** Named logins with refresh tokens (in-memory sessions) whose access tokens live three seconds. */
  private static PotoServer refreshing;

  @BeforeAll
  static void start() {
    main = server(Duration.ofHours(1));
    shortExpiry = server(Duration.ofSeconds(3));
    InMemoryUserProvider users = new InMemoryUserProvider();
    users.addUser("ada", "correct horse", "admin");
    refreshing = PotoServer.builder().host("127.0.0.1").port(0).module(new WireTypesModule()).userProvider(users)
        .jwt(jwt -> jwt.secret(SECRET).loginExpiry(Duration.ofSeconds(3)))
        .build().start();
  }

  static PotoServer server(Duration tokenExpiry) {
    InMemoryUserProvider users = new InMemoryUserProvider();
    users.addUser("ada", "correct horse", "admin");
    return PotoServer.builder()
        .host("127.0.0.1")
        .port(0)
        .module(new WireTypesModule())
        .module(new dev.poto.it.errors.ErrorsModule())
        .module(new dev.poto.it.roundtrip.RoundTripModule())
        .module(new dev.poto.it.uploads.UploadsModule())
        .userProvider(users)
        .jwt(jwt -> jwt.secret(SECRET).expiry(tokenExpiry))
        .sessionProvider(EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate())
            .insecureDevelopmentCookies().build())
        .build()
        .start();
  }

  @AfterAll
  static void stop() {
    if (main != null) main.stop();
    if (shortExpiry != null) shortExpiry.stop();
    if (refreshing != null) refreshing.stop();
  }

  @Test
  void nodeSuiteDrivesTheGeneratedClientAgainstTheServer() throws Exception {
    NodeTools.requireGeneratedClient("wire.js", "errors.js", "roundtrip.js", "uploads.js", "types.js", "codecs.js",
        "poto-runtime.js");
    NodeTools.Result result = NodeTools.node(NodeTools.TESTS, Map.of(
            "POTO_URL", "http://127.0.0.1:" + main.port(),
            "POTO_SHORT_EXPIRY_URL", "http://127.0.0.1:" + shortExpiry.port(),
            "POTO_REFRESH_URL", "http://127.0.0.1:" + refreshing.port(),
            "POTO_CLIENT_DIR", NodeTools.CLIENT_DIR.toString()),
        300, "--test", "--test-reporter=spec", "--test-timeout=60000", "values.test.mjs", "calls.test.mjs",
        "roundtrip.test.mjs", "optionals.test.mjs", "shared-streams.test.mjs", "errors.test.mjs", "uploads.test.mjs");
    System.out.println(result.output()); // the per-test report, in the surefire output
    assertThat(result.exitCode()).as("node --test failed:\n%s", result.output()).isZero();
    // A suite that ran nothing would also exit 0.
    assertThat(result.output()).contains("pass ").doesNotContain("fail 1").containsPattern("tests \\d{2,}");
  }
}
