package dev.poto.runtime.lifecycle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** One kept-alive HTTP/1.1 connection the test controls, to send several requests on it. */
final class RawConnection implements AutoCloseable {
  /** An answer: status line, headers (lower-case names) and body. */
  record Answer(int status, String headers, String body) {
    String header(String name) {
      for (String line : headers.split("\r\n")) {
        int colon = line.indexOf(':');
        if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
          return line.substring(colon + 1).trim();
        }
      }
      return null;
    }
  }

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  RawConnection(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  Answer send(String method, String path, String body) throws IOException {
    write(method, path, body);
    return readAnswer();
  }

  /** Writes a request without waiting for its answer. */
  void write(String method, String path, String body) throws IOException {
    byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
    String request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + (body == null ? "" : "Content-Type: application/json\r\n")
        + "Content-Length: " + bytes.length + "\r\n\r\n";
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
    out.flush();
  }

  Answer readAnswer() throws IOException {
    String head = readHead();
    int status = Integer.parseInt(head.substring(9, 12));
    Answer partial = new Answer(status, head, "");
    String length = partial.header("Content-Length");
    byte[] content = in.readNBytes(length == null ? 0 : Integer.parseInt(length));
    return new Answer(status, head, new String(content, StandardCharsets.UTF_8));
  }

  /** Whether the server closed the connection (the next read sees the end of the stream). */
  boolean closedByServer() throws IOException {
    return in.read() == -1;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b == -1) {
        throw new IOException("connection closed before the answer's headers: " + head);
      }
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
