package dev.poto.bench.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor under any client: the stream read from a plain socket and thrown away (no HTTP client, no
 * event-stream framing, no JSON), so the time it takes is the server's and the loopback's alone. Counts
 * the frames it passed over (blank lines), so a short answer is an error, not a fast one.
 */
final class RawStreamReader {
  private final int port;
  private final String token;

  RawStreamReader(int port, String token) {
    this.port = port;
    this.token = token;
  }

  /** Reads one whole stream of {@code items} records; fails unless every item and the end arrived. */
  void read(int items) throws IOException {
    byte[] body = ("{\"count\":" + items + "}").getBytes(StandardCharsets.US_ASCII);
    String head = "POST /poto/benchstream/records HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    long frames;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      frames = countFrames(socket.getInputStream());
    }
    if (frames < items + 1L) {
      throw new IOException("the raw reader saw " + frames + " frame(s), expected " + (items + 1));
    }
  }

  /**
   * Passes over the answer, counting frames (a blank line ends one) in the chunked body, with the
   * chunk framing taken out so a frame split between two chunks still counts once.
   */
  private static long countFrames(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long frames = 0;
    int headerNewlines = 0; // consecutive \n (ignoring \r) in the header: two end it
    boolean inBody = false;
    long chunkLeft = -1; // -1: reading a chunk-size line
    long size = 0;
    boolean afterChunk = false; // the \r\n after a chunk's data is still to come
    byte previous = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      for (int i = 0; i < n; i++) {
        byte b = buffer[i];
        if (!inBody) {
          if (b == '\n') {
            inBody = ++headerNewlines == 2;
          } else if (b != '\r') {
            headerNewlines = 0;
          }
        } else if (chunkLeft > 0) {
          int take = (int) Math.min(chunkLeft, n - i);
          for (int k = i; k < i + take; k++) {
            byte d = buffer[k];
            if (d == '\n' && previous == '\n') {
              frames++;
            }
            previous = d;
          }
          chunkLeft -= take;
          i += take - 1;
          afterChunk = chunkLeft == 0;
        } else if (b == '\n') {
          if (afterChunk) {
            afterChunk = false;
          } else if (size == 0) {
            return frames; // the last chunk
          } else {
            chunkLeft = size;
            size = 0;
          }
        } else if (!afterChunk && b != '\r') {
          size = size * 16 + Character.digit(b, 16);
        }
      }
    }
    return frames;
  }
}
