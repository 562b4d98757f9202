package dev.poto.it.sessions;

import static dev.poto.it.sessions.CookieSessionSecurityTest.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Pins the cookie provider's documented limitation: two requests in flight from one browser both
 * start from the cookie it held when sending them, and the answer applied last decides the session.
 * Made deterministic by sending both writes with the same starting cookie, as concurrent requests do.
 */
class CookieSessionLimitationTest {
  private static SessionServers server;

  @BeforeAll
  static void start() {
    server = new SessionServers(
        EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).insecureDevelopmentCookies().build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void twoWritesFromTheSameStartingCookieAreLastAnswerWins() {
    String token = server.raw.visitorToken();
    String start = cookieOf(post(server, "/poto/sessions/put", "{\"key\":\"base\",\"value\":\"0\"}", token, null));

    String afterFirst = cookieOf(post(server, "/poto/sessions/put", "{\"key\":\"first\",\"value\":\"1\"}", token, start));
    String afterSecond = cookieOf(post(server, "/poto/sessions/put", "{\"key\":\"second\",\"value\":\"2\"}", token, start));

    // The browser keeps whichever Set-Cookie it applied last: here the second answer's.
    assertEquals("\"0\"", get(token, afterSecond, "base"));
    assertEquals("\"2\"", get(token, afterSecond, "second"));
    assertEquals("null", get(token, afterSecond, "first"), "the first write is lost, as documented");
    // And the other way round, had the first answer arrived last.
    assertEquals("\"1\"", get(token, afterFirst, "first"));
    assertEquals("null", get(token, afterFirst, "second"));
  }

  private static String get(String token, String cookie, String key) {
    HttpResponse<String> response = post(server, "/poto/sessions/get", "{\"key\":\"" + key + "\"}", token, cookie);
    assertEquals(200, response.statusCode(), response.body());
    return response.body();
  }

  private static String cookieOf(HttpResponse<String> response) {
    assertEquals(204, response.statusCode(), response.body());
    String header = response.headers().firstValue("Set-Cookie").orElseThrow();
    String pair = header.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

}
