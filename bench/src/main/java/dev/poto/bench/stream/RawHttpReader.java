package dev.poto.bench.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The client-side floor: one HTTP/1.1 request with {@code Connection: close} over a socket channel,
 * the answer read into one reused 256 KiB direct buffer until the server closes, nothing decoded but
 * the status line. Returns the bytes after the header (for a chunked answer they include the few
 * bytes of chunk framing, so at least the payload).
 */
final class RawHttpReader {
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

  long post(int port, String pathAndQuery, String token, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      ByteBuffer request = ByteBuffer.allocate(head.length() + body.length);
      request.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
      while (request.hasRemaining()) {
        channel.write(request);
      }
      byte[] header = new byte[8192];
      int headerLength = 0;
      long bodyBytes = -1;
      buffer.clear();
      while (channel.read(buffer) >= 0) {
        buffer.flip();
        if (bodyBytes < 0) {
          int n = Math.min(buffer.remaining(), header.length - headerLength);
          buffer.get(header, headerLength, n);
          int end = endOfHeader(header, headerLength + n);
          headerLength += n;
          if (end >= 0) {
            String status = new String(header, 0, 12, StandardCharsets.US_ASCII);
            if (!status.endsWith(" 200")) {
              throw new IOException("the server answered " + new String(header, 0, end, StandardCharsets.US_ASCII));
            }
            bodyBytes = headerLength - end + buffer.remaining();
          } else if (headerLength == header.length) {
            throw new IOException("no end of the answer's header in " + header.length + " bytes");
          }
        } else {
          bodyBytes += buffer.remaining();
        }
        buffer.clear();
      }
      return bodyBytes;
    }
  }

  private static int endOfHeader(byte[] bytes, int length) {
    for (int i = 3; i < length; i++) {
      if (bytes[i] == '\n' && bytes[i - 1] == '\r' && bytes[i - 2] == '\n' && bytes[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }
}
