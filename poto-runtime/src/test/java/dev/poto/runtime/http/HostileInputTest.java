package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void aTooLongNumberAnswersInTheOrderOfTheKeys() {
    String digits = "9".repeat(2_000);
    assertProblem(postJson("/poto/test/publicEcho", "{\"nope\":" + digits + "}"), 400, ProblemCodes.UNKNOWN_ARGUMENT);
    assertProblem(postJson("/poto/test/publicEcho", "{\"text\":" + digits + "}"), 400, ProblemCodes.INVALID_ARGUMENT);
    assertProblem(postJson("/poto/test/publicEcho", "{\"text\":\"x\"} " + digits), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(postJson("/poto/test/publicEcho", digits), 400, ProblemCodes.MALFORMED_JSON);
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

  // The protocol's headers hold one value: a repeated one is refused, never read as its first value.

  private static MalformedHttpTest.RawAnswer rawPost(String path, String headers, String body) throws IOException {
    return MalformedHttpTest.send(server.port(), "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        + headers + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body);
  }

  @Test
  void aRepeatedAuthorizationIsAnInvalidTokenWhicheverComesFirst() throws IOException {
    String token = http.visitor().get("token").asText();
    String json = "Content-Type: application/json\r\n";
    assertThat(rawPost("/poto/test/whoami", json + "Authorization: Bearer " + token + "\r\n", "{}").status()).isEqualTo(200);
    for (String twice : new String[] {
        "Authorization: Bearer " + token + "\r\nAuthorization: Bearer garbage\r\n",
        "Authorization: Bearer garbage\r\nAuthorization: Bearer " + token + "\r\n",
        "Authorization: Bearer " + token + "\r\nAuthorization: Bearer " + token + "\r\n"}) {
      MalformedHttpTest.assertProblem(rawPost("/poto/test/whoami", json + twice, "{}"), 401, ProblemCodes.INVALID_TOKEN);
      MalformedHttpTest.assertProblem(rawPost("/poto/test/publicEcho", json + twice, "{\"text\":\"x\"}"),
          401, ProblemCodes.INVALID_TOKEN);
      MalformedHttpTest.assertProblem(rawPost("/poto/_streams", twice, ""), 401, ProblemCodes.INVALID_TOKEN);
    }
  }

  @Test
  void eachRepeatedProtocolHeaderIsRefusedWithTheAnswerForABadValue() throws IOException {
    String token = http.visitor().get("token").asText();
    String auth = "Authorization: Bearer " + token + "\r\n";
    String json = "Content-Type: application/json\r\n";
    String echo = "{\"text\":\"x\"}";
    MalformedHttpTest.assertProblem(rawPost("/poto/test/publicEcho",
        "Content-Type: application/json\r\nContent-Type: text/plain\r\n", echo), 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    MalformedHttpTest.assertProblem(rawPost("/poto/test/publicEcho",
        json + "Content-Encoding: identity\r\nContent-Encoding: gzip\r\n", echo), 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    MalformedHttpTest.assertProblem(rawPost("/poto/test/publicEcho",
        json + "Poto-Timeout-Ms: 5000\r\nPoto-Timeout-Ms: 1\r\n", echo), 400, ProblemCodes.INVALID_ARGUMENT);
    String stream = json + auth + "Poto-Stream-Connection: Qm9vYmFyQmF6UXV4MTIzNA\r\n";
    MalformedHttpTest.assertProblem(rawPost("/poto/test/feed",
        stream + "Poto-Stream-Connection: other\r\nPoto-Stream-Id: s1\r\n", "{}"), 400, ProblemCodes.INVALID_ARGUMENT);
    MalformedHttpTest.assertProblem(rawPost("/poto/test/feed",
        stream + "Poto-Stream-Id: s1\r\nPoto-Stream-Id: s2\r\n", "{}"), 400, ProblemCodes.INVALID_ARGUMENT);
    // The single-connection form of the same call reaches the connection check: the headers were read.
    MalformedHttpTest.assertProblem(rawPost("/poto/test/feed", stream + "Poto-Stream-Id: s1\r\n", "{}"),
        404, ProblemCodes.UNKNOWN_CONNECTION);
  }

  @Test
  void aRepeatedRequestIdIsReplacedByAFreshOne() throws IOException {
    MalformedHttpTest.RawAnswer once = rawPost("/poto/test/publicEcho",
        "Content-Type: application/json\r\nPoto-Request-Id: mine-1\r\n", "{\"text\":\"x\"}");
    assertThat(once.headers()).contains("Poto-Request-Id: mine-1");
    MalformedHttpTest.RawAnswer twice = rawPost("/poto/test/publicEcho",
        "Content-Type: application/json\r\nPoto-Request-Id: mine-1\r\nPoto-Request-Id: mine-2\r\n", "{\"text\":\"x\"}");
    assertThat(twice.status()).isEqualTo(200);
    assertThat(twice.headers()).doesNotContain("mine-1").doesNotContain("mine-2").contains("Poto-Request-Id: ");
  }

  @Test
  void theProtocolListsEverySingleValuedHeader() throws IOException {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    String paragraph = protocol.substring(protocol.indexOf("**Single-valued headers.**"));
    paragraph = paragraph.substring(0, paragraph.indexOf("\n\n"));
    for (String name : SingleHeaders.NAMES) {
      assertThat(paragraph).as("PROTOCOL.md's single-valued headers name %s", name).contains("`" + name + "`");
    }
  }
}
