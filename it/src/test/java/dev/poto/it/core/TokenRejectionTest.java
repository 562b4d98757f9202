package dev.poto.it.core;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.TokenService;
import dev.poto.runtime.context.PotoUser;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad tokens over HTTP: every kind answers 401 with its code, on protected and {@code @Public}
 * methods alike (a present token is always checked).
 */
class TokenRejectionTest {
  private static final List<String> PATHS = List.of("/poto/core/whoami", "/poto/core/ping");

  private static CoreServer server;
  private static RawHttp raw;
  private static String validToken;
  private static String validUserId;

  @BeforeAll
  static void start() {
    server = new CoreServer();
    raw = server.raw;
    try (PotoClient client = server.client()) {
      validToken = client.loginAsVisitor().token();
      validUserId = client.userId();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theUntouchedTokenWorks() {
    HttpResponse<String> response = call("/poto/core/whoami", validToken);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals(validUserId, RawHttp.json(response).path("userId").asText());
    assertEquals(200, call("/poto/core/ping", validToken).statusCode());
  }

  @Test
  void aChangedPayloadByteIsInvalid() {
    String[] parts = validToken.split("\\.");
    // Every position of the payload, each changed to another base64url character.
    int rejected = 0;
    for (int i = 0; i < parts[1].length(); i++) {
      String token = parts[0] + "." + flip(parts[1], i) + "." + parts[2];
      for (String path : PATHS) {
        assertProblem(call(path, token), 401, ProblemCodes.INVALID_TOKEN);
        rejected++;
      }
    }
    assertEquals(parts[1].length() * PATHS.size(), rejected, "tampered payloads rejected");
  }

  @Test
  void aPayloadNamingAnotherUserIsInvalid() {
    String[] parts = validToken.split("\\.");
    ObjectNode claims = (ObjectNode) json(parts[1]);
    claims.put("sub", "visitor_someoneElseEntirelyXXXXXXX");
    claims.putArray("roles").add("admin");
    String token = parts[0] + "." + b64(claims.toString()) + "." + parts[2];
    for (String path : PATHS) {
      assertProblem(call(path, token), 401, ProblemCodes.INVALID_TOKEN);
    }
    assertProblem(call("/poto/core/adminOnly", token), 401, ProblemCodes.INVALID_TOKEN);
  }

  @Test
  void aChangedSignatureByteIsInvalid() {
    String[] parts = validToken.split("\\.");
    // The last character may carry unused bits; every other one changes the signature.
    for (int i = 0; i < parts[2].length() - 1; i++) {
      String token = parts[0] + "." + parts[1] + "." + flip(parts[2], i);
      assertProblem(call(PATHS.get(i % 2), token), 401, ProblemCodes.INVALID_TOKEN);
    }
  }

  @Test
  void anExpiredTokenIsTokenExpiredEvenOnAPublicMethod() {
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2));
    TokenService pastIssuer = new TokenService(
        new JwtConfig().secret(CoreServer.SECRET).expiry(Duration.ofMinutes(5)), Clock.fixed(twoHoursAgo, ZoneOffset.UTC));
    String expired = pastIssuer.issue(new PotoUser(validUserId, Set.of("visitor"))).token();
    for (String path : PATHS) {
      assertProblem(call(path, expired), 401, ProblemCodes.TOKEN_EXPIRED);
    }
  }

  @Test
  void algNoneIsInvalid() {
    String[] parts = validToken.split("\\.");
    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    for (String token : List.of(none + "." + parts[1] + ".", none + "." + parts[1] + "." + parts[2],
        b64("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + parts[1] + ".")) {
      for (String path : PATHS) {
        assertProblem(call(path, token), 401, ProblemCodes.INVALID_TOKEN);
      }
    }
  }

  @Test
  void aTokenSignedWithAnotherSecretOrIssuerIsInvalid() {
    PotoUser user = new PotoUser(validUserId, Set.of("visitor", "admin"));
    String otherSecret = new TokenService(new JwtConfig().secret("another-secret-of-32-bytes-or-more")).issue(user).token();
    String otherIssuer = new TokenService(new JwtConfig().secret(CoreServer.SECRET).issuer("not-poto")).issue(user).token();
    String sameEverything = new TokenService(new JwtConfig().secret(CoreServer.SECRET)).issue(user).token();
    for (String path : PATHS) {
      assertProblem(call(path, otherSecret), 401, ProblemCodes.INVALID_TOKEN);
      assertProblem(call(path, otherIssuer), 401, ProblemCodes.INVALID_TOKEN);
    }
    // Control: the same claims under the server's own secret and issuer are accepted.
    assertEquals(200, call("/poto/core/adminOnly", sameEverything).statusCode());
  }

  @Test
  void malformedAuthorizationHeadersAreInvalid() {
    for (String header : List.of("Bearer not-a-jwt", "Bearer a.b.c", "Bearer ", "Basic dXNlcjpwYXNz", validToken)) {
      for (String path : PATHS) {
        HttpRequest request = raw.request(path).header("Content-Type", "application/json")
            .header("Authorization", header).POST(HttpRequest.BodyPublishers.ofString(body(path))).build();
        assertProblem(raw.send(request), 401, ProblemCodes.INVALID_TOKEN);
      }
    }
  }

  private static HttpResponse<String> call(String path, String token) {
    return raw.post(path, body(path), token);
  }

  private static String body(String path) {
    return path.endsWith("/ping") ? "{\"text\":\"x\"}" : "{}";
  }

  /** The character at {@code i} replaced by one whose 6-bit value differs in its top bit. */
  private static String flip(String base64url, int i) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int value = alphabet.indexOf(base64url.charAt(i));
    char replacement = alphabet.charAt(value ^ 32);
    String changed = base64url.substring(0, i) + replacement + base64url.substring(i + 1);
    assertNotEquals(base64url, changed);
    return changed;
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String b64) {
    try {
      return RawHttp.JSON.readTree(Base64.getUrlDecoder().decode(b64));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
