package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Requests Jetty rejects before any handler runs still get problem+json with a stable code and a
 * request id, never Jetty's HTML page. Sent over a raw socket: java.net.http refuses to send them.
 */
class MalformedHttpTest {
  private static PotoServer server;

  @BeforeAll
  static void start() {
    server = TestServers.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void aPathThatIsNotUtf8IsABadRequest() throws IOException {
    assertProblem(send("POST /poto/test/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
        400, ProblemCodes.BAD_REQUEST);
  }

  @Test
  void aControlCharacterInACookieIsABadRequest() throws IOException {
    assertProblem(send("POST /poto/test/publicEcho HTTP/1.1\r\nHost: x\r\nCookie: a=\u0001\r\nContent-Length: 0\r\n\r\n"),
        400, ProblemCodes.BAD_REQUEST);
  }

  @Test
  void aGarbledRequestLineIsABadRequest() throws IOException {
    assertProblem(send("THIS IS NOT HTTP\r\n\r\n"), 400, ProblemCodes.BAD_REQUEST);
  }

  @Test
  void headersOverTheLimitAre431() throws IOException {
    String big = "x".repeat(64 * 1024);
    assertProblem(send("POST /poto/test/publicEcho HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\nContent-Length: 0\r\n\r\n"),
        431, ProblemCodes.HEADERS_TOO_LARGE);
  }

  @Test
  void theCodeForEachStatusIsStable() {
    assertThat(ProblemErrorHandler.code(400)).isEqualTo("bad_request");
    assertThat(ProblemErrorHandler.code(413)).isEqualTo("payload_too_large");
    assertThat(ProblemErrorHandler.code(414)).isEqualTo("uri_too_long");
    assertThat(ProblemErrorHandler.code(431)).isEqualTo("headers_too_large");
    assertThat(ProblemErrorHandler.code(505)).isEqualTo("http_error");
  }

  @Test
  void aUriOverTheLimitIs414() throws IOException {
    String longPath = "/poto/test/" + "a".repeat(16 * 1024);
    assertProblem(send("POST " + longPath + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
        414, ProblemCodes.URI_TOO_LONG);
  }

  @Test
  void anUnknownHttpVersionIs505() throws IOException {
    assertProblem(send("POST /poto/test/publicEcho HTTP/7.3\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
        505, ProblemCodes.HTTP_ERROR);
  }

  record RawAnswer(int status, String headers, String body) {}

  private static RawAnswer send(String request) throws IOException {
    return send(server.port(), request);
  }

  static RawAnswer send(int port, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // Jetty closes after an error
      int split = answer.indexOf("\r\n\r\n");
      String head = answer.substring(0, split);
      int status = Integer.parseInt(head.substring(9, 12));
      return new RawAnswer(status, head, answer.substring(split + 4));
    }
  }

  static void assertProblem(RawAnswer answer, int status, String code) throws IOException {
    assertThat(answer.status()).as(answer.headers()).isEqualTo(status);
    String headers = answer.headers().toLowerCase(Locale.ROOT);
    assertThat(headers).contains("content-type: " + Problem.CONTENT_TYPE);
    JsonNode problem = TestHttp.JSON.readTree(answer.body());
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    String requestId = problem.get("requestId").asText();
    assertThat(requestId).hasSize(16);
    assertThat(headers).contains(Protocol.REQUEST_ID_HEADER.toLowerCase(Locale.ROOT) + ": " + requestId.toLowerCase(Locale.ROOT));
  }
}
