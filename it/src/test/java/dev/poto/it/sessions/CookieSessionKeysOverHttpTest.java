package dev.poto.it.sessions;

import static dev.poto.it.sessions.CookieSessionSecurityTest.post;
import static dev.poto.it.sessions.SessionsOverHttpTest.cookieValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.poto.client.PotoClient;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sealed expiry and key rotation of the cookie provider, across real servers. */
class CookieSessionKeysOverHttpTest {
  private static final String COOKIE = EncryptedCookieSessionProvider.DEFAULT_COOKIE_NAME;

  @Test
  void aCookiePastItsSealedExpiryReadsAsNoSession() {
    MutableClock clock = new MutableClock();
    EncryptedCookieSessionProvider provider = EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate())
        .insecureDevelopmentCookies().maxAge(Duration.ofMinutes(5)).clock(clock).build();
    try (SessionServers server = new SessionServers(provider); PotoClient a = server.visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(a);
      sessions.put("who", "a");
      String cookie = cookieValue(a, COOKIE);
      clock.advance(Duration.ofMinutes(4));
      assertEquals("\"a\"", get(server, a.token(), cookie), "still inside its five minutes");
      clock.advance(Duration.ofMinutes(2));
      // The client would have dropped it by Max-Age; a replayed copy must not open either.
      assertEquals("null", get(server, a.token(), cookie), "past the expiry sealed in the cookie");
    }
  }

  @Test
  void afterRotationOldCookiesStillOpenAndNewOnesUseTheNewKey() {
    CookieSessionKeys oldKeys = CookieSessionKeys.generate();
    CookieSessionKeys rotated = oldKeys.withNewPrimaryKey();
    assertNotEquals(oldKeys.primaryKeyId(), rotated.primaryKeyId());
    try (SessionServers before = new SessionServers(
            EncryptedCookieSessionProvider.builder(oldKeys).insecureDevelopmentCookies().build());
        SessionServers after = new SessionServers(
            EncryptedCookieSessionProvider.builder(rotated).insecureDevelopmentCookies().build())) {
      String token = before.raw.visitorToken(); // both servers share the JWT secret
      String oldCookie = cookieOf(post(before, "/poto/sessions/put", "{\"key\":\"who\",\"value\":\"old\"}", token, null));
      assertEquals("\"old\"", get(after, token, oldCookie), "a cookie under the old key opens after rotation");

      String newCookie = cookieOf(post(after, "/poto/sessions/put", "{\"key\":\"who\",\"value\":\"new\"}", token, oldCookie));
      assertEquals("\"new\"", get(after, token, newCookie));
      assertEquals("null", get(before, token, newCookie), "the new cookie is sealed with the new primary key");
    }
  }

  private static String get(SessionServers server, String token, String cookie) {
    HttpResponse<String> response = post(server, "/poto/sessions/get", "{\"key\":\"who\"}", token, cookie);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String cookieOf(HttpResponse<String> response) {
    assertEquals(204, response.statusCode(), response.body());
    String pair = response.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }
}
