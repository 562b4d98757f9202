package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.ByteArrayOutputStream;
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
 * A keep-alive caller sends its next request the moment the previous answer is complete. The
 * disconnect watcher must not be reading the connection then, or it swallows the start of the next
 * request: the answers below would turn into 400s or a hang.
 */
class KeepAliveTest {
  private static final int ROUNDS = 400;
  private static PotoServer server;
  private static String token;

  @BeforeAll
  static void start() {
    server = TestServers.start();
    token = new TestHttp(server.port()).visitor().get("token").asText();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void backToBackCallsOnOneConnectionAllSucceed() throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = socket.getInputStream();
      for (int round = 0; round < ROUNDS; round++) {
        int n = 1 + round % 32;
        boolean binary = round % 2 == 0; // a Content-Length byte[] answer, then a JSON one
        String body = binary ? "{\"n\":" + n + "}" : "{\"a\":" + round + ",\"b\":1}";
        String path = binary ? "/poto/test/bytes" : "/poto/test/add";
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body)
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Answer answer = Answer.read(in);
        assertThat(answer.status).as("round %d: %s", round, answer.text()).isEqualTo(200);
        if (binary) {
          assertThat(answer.body).hasSize(n);
          for (int i = 0; i < n; i++) {
            assertThat(answer.body[i]).isEqualTo((byte) i);
          }
        } else {
          assertThat(answer.text()).isEqualTo(Integer.toString(round + 1));
        }
      }
    }
  }

  /** A minimal HTTP/1.1 answer reader: status line, headers, a Content-Length body. */
  private record Answer(int status, byte[] body) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    static Answer read(InputStream in) throws IOException {
      String statusLine = line(in);
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      int length = -1;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Integer.parseInt(lower.substring("content-length:".length()).strip());
        }
      }
      assertThat(length).as("the answer has a Content-Length").isGreaterThanOrEqualTo(0);
      return new Answer(status, in.readNBytes(length));
    }

    private static String line(InputStream in) throws IOException {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("The connection closed mid-answer");
        }
        if (b != '\r') {
          bytes.write(b);
        }
      }
      return bytes.toString(StandardCharsets.US_ASCII);
    }
  }
}
