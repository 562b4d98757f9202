package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Input a hostile or broken caller sends, over real HTTP: each gets its clear problem answer, never a
 * 500, and is never read as something else.
 */
class HostileInputTest {
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

  private static HttpResponse<String> postBytes(String path, byte[] body) {
    return http.send(http.request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static HttpResponse<String> postJson(String path, String json) {
    return postBytes(path, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(TestHttp.json(response).get("code").asText()).as(response.body()).isEqualTo(code);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = new byte[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  // Poto's own endpoints read their JSON bodies by the same rules as a call's arguments.

  @Test
  void aLoginBodyThatIsNotUtf8IsMalformedNeverDecodedIntoOtherCharacters() {
    // C0 AF is an overlong '/': a lenient decoder would check the password of user "a/b".
    byte[] overlong = concat(concat(utf8("{\"username\":\"a"), new byte[] {(byte) 0xC0, (byte) 0xAF}),
        utf8("b\",\"password\":\"x\"}"));
    assertProblem(postBytes("/poto/_auth/login", overlong), 400, ProblemCodes.MALFORMED_JSON);
    byte[] bom = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
        utf8("{\"username\":\"alice\",\"password\":\"wonderland\"}"));
    assertProblem(postBytes("/poto/_auth/login", bom), 400, ProblemCodes.MALFORMED_JSON);
    byte[] surrogate = concat(concat(utf8("{\"username\":\""), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        utf8("\",\"password\":\"x\"}"));
    assertProblem(postBytes("/poto/_auth/login", surrogate), 400, ProblemCodes.MALFORMED_JSON);
    byte[] bomRefresh = concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8("{\"refreshToken\":\"x\"}"));
    assertProblem(postBytes("/poto/_auth/refresh", bomRefresh), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postBytes("/poto/_auth/logout", bomRefresh), 400, ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void aLoginBodyIsOneObjectWithEachKeyOnce() {
    String right = "{\"username\":\"alice\",\"password\":\"wonderland\"}";
    assertThat(postJson("/poto/_auth/login", right).statusCode()).isEqualTo(200);
    assertProblem(postJson("/poto/_auth/login", right + " {}"), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_auth/login", right + "x"), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_auth/login", "{\"username\":\"mallory\",\"username\":\"alice\",\"password\":\"wonderland\"}"),
        400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_auth/login", "[\"alice\",\"wonderland\"]"), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_auth/login", "{\"username\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}"),
        400, ProblemCodes.INVALID_ARGUMENT);
    assertProblem(postJson("/poto/_auth/login", "{\"username\":null,\"password\":\"x\"}"), 400, ProblemCodes.NULL_ARGUMENT);
    assertProblem(postJson("/poto/_auth/login", "{\"username\":\"alice\",\"password\":null}"), 400, ProblemCodes.NULL_ARGUMENT);
    assertProblem(postJson("/poto/_auth/login", "{\"username\":\"alice\",\"password\":[]}"), 400, ProblemCodes.INVALID_ARGUMENT);
  }

  @Test
  void theVisitorEndpointTakesNoArgumentsAndRefusesABrokenBody() {
    assertThat(postJson("/poto/_auth/visitor", "{}").statusCode()).isEqualTo(200);
    assertThat(http.post("/poto/_auth/visitor", null, null).statusCode()).isEqualTo(200);
    assertProblem(postJson("/poto/_auth/visitor", "garbage"), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_auth/visitor", "{\"role\":\"admin\"}"), 400, ProblemCodes.UNKNOWN_ARGUMENT);
    assertProblem(postBytes("/poto/_auth/visitor", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', '}'}),
        400, ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void aStreamCancelBodyFollowsTheSameRules() {
    String cancel = "{\"connection\":\"Qm9vYmFyQmF6UXV4MTIzNA\",\"stream\":\"s1\"}";
    assertThat(postJson("/poto/_streams/cancel", cancel).statusCode()).isEqualTo(204);
    assertProblem(postBytes("/poto/_streams/cancel", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8(cancel))),
        400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_streams/cancel", "{\"connection\":\"c\",\"stream\":\"s\",\"all\":true}"),
        400, ProblemCodes.UNKNOWN_ARGUMENT);
    assertProblem(postJson("/poto/_streams/cancel", "{\"connection\":\"c\",\"stream\":\"s\"} {}"),
        400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/_streams/cancel", "{\"connection\":null,\"stream\":\"s\"}"), 400, ProblemCodes.NULL_ARGUMENT);
    assertProblem(postJson("/poto/_streams/cancel", "{\"stream\":\"s\"}"), 400, ProblemCodes.MISSING_ARGUMENT);
    assertProblem(postJson("/poto/_streams/cancel", "{\"connection\":\"a b\",\"stream\":\"s\"}"),
        400, ProblemCodes.INVALID_ARGUMENT);
  }

  // A content coding is refused, never read as if the body had none.

  @Test
  void aCompressedBodyIs415NotReadAsPlainJson() {
    for (String coding : new String[] {"gzip", "deflate", "br", "gzip, identity"}) {
      HttpResponse<String> response = http.send(http.request("/poto/test/publicEcho")
          .header("Content-Type", "application/json").header("Content-Encoding", coding)
          .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build());
      assertProblem(response, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    }
    HttpResponse<String> identity = http.send(http.request("/poto/test/publicEcho")
        .header("Content-Type", "application/json").header("Content-Encoding", "identity")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"x\"}")).build());
    assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
    HttpResponse<String> login = http.send(http.request("/poto/_auth/login")
        .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
        .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"alice\",\"password\":\"wonderland\"}")).build());
    assertProblem(login, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
  }
}
