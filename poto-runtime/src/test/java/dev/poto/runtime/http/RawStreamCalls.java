package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Stream calls over a plain socket, for tests that look at the HTTP/1.1 answer byte by byte. */
final class RawStreamCalls {
  private RawStreamCalls() {}

  /** Sends {@code POST /poto/streams/<method>} with {@code body} as its JSON arguments. */
  static void send(Socket socket, String method, String body, boolean connectionClose) throws IOException {
    byte[] json = body.getBytes(StandardCharsets.UTF_8);
    String head = "POST /poto/streams/" + method + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + json.length + "\r\n"
        + (connectionClose ? "Connection: close\r\n" : "") + "\r\n";
    OutputStream out = socket.getOutputStream();
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(json);
    out.flush();
  }

  /** One answer read from a socket: its head, then its body as it arrives, de-chunked when chunked. */
  static final class Answer {
    private final InputStream in;
    private final boolean chunked;
    private final List<String> head = new ArrayList<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final byte[] buffer = new byte[8192];
    private int chunkLeft;
    private boolean afterChunk;

    Answer(InputStream in) throws IOException {
      this.in = in;
      assertThat(readLine()).startsWith("HTTP/1.1 200");
      boolean chunked = false;
      for (String line = readLine(); !line.isEmpty(); line = readLine()) {
        chunked |= line.equalsIgnoreCase("Transfer-Encoding: chunked");
        head.add(line);
      }
      this.chunked = chunked;
    }

    boolean chunked() {
      return chunked;
    }

    /** The header lines of the answer ({@code Name: value}). */
    List<String> head() {
      return head;
    }

    /** Reads until the body so far contains {@code marker}. */
    String readUntil(String marker) throws IOException {
      while (!text().contains(marker)) {
        if (!readSome()) {
          throw new IOException("The answer ended before " + marker.strip() + ": " + text());
        }
      }
      return text();
    }

    /** Reads the rest: to the last chunk, or to the end of the connection. */
    String readToEnd() throws IOException {
      while (readSome()) {
        // more
      }
      return text();
    }

    private String text() {
      return body.toString(StandardCharsets.UTF_8);
    }

    /** Reads the next piece of the body; false at its end. */
    private boolean readSome() throws IOException {
      if (chunked && chunkLeft == 0) {
        if (afterChunk) {
          // A chunk's closing line break: read only now, since Jetty sends it in front of the next chunk
          assertThat(readLine()).isEmpty();
        }
        chunkLeft = Integer.parseInt(readLine().trim(), 16);
        afterChunk = true;
        if (chunkLeft == 0) {
          assertThat(readLine()).isEmpty();
          return false;
        }
      }
      int n = in.read(buffer, 0, chunked ? Math.min(chunkLeft, buffer.length) : buffer.length);
      if (n < 0) {
        if (chunked) {
          throw new IOException("The connection ended inside a chunk");
        }
        return false;
      }
      body.write(buffer, 0, n);
      if (chunked) {
        chunkLeft -= n;
      }
      return true;
    }

    private String readLine() throws IOException {
      StringBuilder line = new StringBuilder();
      int b;
      while ((b = in.read()) != '\n') {
        if (b < 0) {
          throw new IOException("The connection ended in a line: " + line);
        }
        if (b != '\r') {
          line.append((char) b);
        }
      }
      return line.toString();
    }
  }

  static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      n++;
    }
    return n;
  }

}
