package dev.poto.it.sessions;

import static dev.poto.it.core.RawHttp.assertProblem;
import static dev.poto.it.sessions.SessionsOverHttpTest.cookieValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.client.PotoClient;
import dev.poto.it.core.RawHttp;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encrypted cookie provider seen from outside: what travels, and what a forged cookie gets. */
class CookieSessionSecurityTest {
  private static final String COOKIE = EncryptedCookieSessionProvider.DEFAULT_COOKIE_NAME;

  private static SessionServers server;
  private static SessionServers otherKeysServer;
  private static SessionServers secureDefaultsServer;

  @BeforeAll
  static void start() {
    server = new SessionServers(
        EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).insecureDevelopmentCookies().build());
    otherKeysServer = new SessionServers(
        EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).insecureDevelopmentCookies().build());
    secureDefaultsServer = new SessionServers(EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).build());
  }

  @AfterAll
  static void stop() {
    server.close();
    otherKeysServer.close();
    secureDefaultsServer.close();
  }

  @Test
  void eachClientInstanceKeepsAndReturnsOnlyItsOwnCookie() {
    try (PotoClient a = server.visitor(); PotoClient b = server.visitor(); PotoClient c = server.visitor()) {
      SessionModuleClient sa = new SessionModuleClient(a);
      SessionModuleClient sb = new SessionModuleClient(b);
      SessionModuleClient sc = new SessionModuleClient(c);
      assertNull(sa.cookieHeader(), "nothing to send before the first Set-Cookie");
      sa.put("who", "a");
      sb.put("who", "b");
      String cookieA = cookieValue(a, COOKIE);
      String cookieB = cookieValue(b, COOKIE);
      assertNotNull(cookieA);
      assertNotNull(cookieB);
      assertNotEquals(cookieA, cookieB);
      // What the server received on the wire from each instance.
      assertEquals(COOKIE + "=" + cookieA, sa.cookieHeader());
      assertEquals(COOKIE + "=" + cookieB, sb.cookieHeader());
      assertNull(sc.cookieHeader(), "a third instance on the same server and connection pool sends no cookie");
      assertTrue(c.cookies().isEmpty());
      assertEquals("a", sa.get("who"));
      assertEquals("b", sb.get("who"));
      assertNull(sc.get("who"));
      // A later write replaces the instance's cookie, and the new one is what it sends next.
      sa.put("who", "a2");
      String cookieA2 = cookieValue(a, COOKIE);
      assertNotEquals(cookieA, cookieA2);
      assertEquals(COOKIE + "=" + cookieA2, sa.cookieHeader());
      assertEquals(COOKIE + "=" + cookieB, sb.cookieHeader(), "b's cookie did not change");
    }
  }

  @Test
  void aCookieChangedAtAnyPositionReadsAsNoSessionNotAnError() {
    try (PotoClient a = server.visitor()) {
      new SessionModuleClient(a).put("who", "a");
      String cookie = cookieValue(a, COOKIE);
      assertEquals("a", read(server, a.token(), cookie), "control: the untouched cookie reads");
      int noSession = 0;
      // The last character may hold unused bits of the base64url; every other one changes the bytes.
      for (int i = 0; i < cookie.length() - 1; i++) {
        if (read(server, a.token(), flip(cookie, i)) == null) {
          noSession++;
        }
      }
      assertEquals(cookie.length() - 1, noSession, "tampered cookies read as no session, of " + (cookie.length() - 1));
      for (String broken : List.of(cookie.substring(0, cookie.length() / 2), "", "garbage", cookie + "AAAA", "!!!")) {
        assertNull(read(server, a.token(), broken), "broken cookie '" + broken + "'");
      }
    }
  }

  @Test
  void aCookieReplayedUnderAnotherUsersTokenReadsAsNoSession() {
    try (PotoClient a = server.visitor(); PotoClient b = server.visitor()) {
      new SessionModuleClient(a).put("who", "a");
      String cookieA = cookieValue(a, COOKIE);
      assertNull(read(server, b.token(), cookieA), "a's cookie is useless with b's token");
      HttpResponse<String> has = post(server, "/poto/sessions/hasSession", "{}", b.token(), cookieA);
      assertEquals(200, has.statusCode());
      assertEquals("false", has.body());
      assertEquals("a", read(server, a.token(), cookieA));
    }
  }

  @Test
  void aCookieFromAServerWithAnotherKeysetReadsAsNoSession() {
    try (PotoClient a = server.visitor()) {
      new SessionModuleClient(a).put("who", "a");
      // Same JWT secret on both servers, so the token is valid there; only the keyset differs.
      assertNull(read(otherKeysServer, a.token(), cookieValue(a, COOKIE)));
    }
  }

  @Test
  void setCookieCarriesTheSecureDefaultFlags() {
    RawHttp raw = secureDefaultsServer.raw;
    String token = raw.visitorToken();
    HttpResponse<String> put = raw.post("/poto/sessions/put", "{\"key\":\"k\",\"value\":\"v\"}", token);
    assertEquals(204, put.statusCode(), put.body());
    List<String> setCookies = put.headers().allValues("Set-Cookie");
    assertEquals(1, setCookies.size(), "one Set-Cookie per call: " + setCookies);
    String header = setCookies.get(0);
    List<String> attributes = List.of(header.split(";\\s*"));
    assertTrue(attributes.get(0).startsWith(COOKIE + "=") && attributes.get(0).length() > COOKIE.length() + 20, header);
    assertTrue(attributes.contains("HttpOnly"), header);
    assertTrue(attributes.contains("Secure"), "Secure is on by default: " + header);
    assertTrue(attributes.contains("SameSite=Lax"), header);
    assertTrue(attributes.contains("Path=/"), header);
    assertTrue(attributes.contains("Max-Age=604800"), "seven days by default: " + header);
    assertFalse(header.contains("\"v\""), "the value travels encrypted: " + header);

    HttpResponse<String> delete = post(secureDefaultsServer, "/poto/sessions/deleteSession", "{}", token,
        attributes.get(0).substring(COOKIE.length() + 1));
    assertEquals("true", delete.body());
    String cleared = delete.headers().firstValue("Set-Cookie").orElseThrow();
    assertTrue(cleared.startsWith(COOKIE + "=;") && cleared.contains("Max-Age=0"), "deleting clears the cookie: " + cleared);
  }

  @Test
  void aSessionTooLargeForOneCookieIs413AndKeepsThePreviousState() {
    try (PotoClient a = server.visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(a);
      sessions.put("small", "kept");
      String before = cookieValue(a, COOKIE);
      RpcException e = assertThrows(RpcException.class, () -> sessions.putLarge("big", 5_000));
      assertEquals(413, e.status());
      assertEquals(ProblemCodes.SESSION_TOO_LARGE, e.code());
      assertNotNull(e.requestId());
      assertEquals(before, cookieValue(a, COOKIE), "no Set-Cookie with the failed answer");
      assertEquals("kept", sessions.get("small"));
      assertNull(sessions.get("big"));

      HttpResponse<String> raw = post(server, "/poto/sessions/putLarge", "{\"key\":\"big\",\"size\":5000}", a.token(), before);
      JsonNode problem = assertProblem(raw, 413, ProblemCodes.SESSION_TOO_LARGE);
      assertTrue(problem.path("detail").asText().contains("4096"), problem.toString());
      assertTrue(raw.headers().allValues("Set-Cookie").isEmpty(), "no cookie on the failed write");
      sessions.putLarge("medium", 1_000);
      assertEquals(1_000, sessions.get("medium").length(), "a session that fits is written");
    }
  }

  private static String read(SessionServers target, String token, String cookie) {
    HttpResponse<String> response = post(target, "/poto/sessions/get", "{\"key\":\"who\"}", token, cookie);
    assertEquals(200, response.statusCode(), "a bad cookie is never an error answer: " + response.body());
    JsonNode value = RawHttp.json(response);
    return value.isNull() ? null : value.asText();
  }

  static HttpResponse<String> post(SessionServers target, String path, String json, String token, String cookie) {
    HttpRequest.Builder request = target.raw.request(path)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (cookie != null) {
      request.header("Cookie", COOKIE + "=" + cookie);
    }
    return target.raw.send(request.build());
  }

  private static String flip(String base64url, int i) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int value = alphabet.indexOf(base64url.charAt(i));
    return base64url.substring(0, i) + alphabet.charAt(value ^ 32) + base64url.substring(i + 1);
  }
}
