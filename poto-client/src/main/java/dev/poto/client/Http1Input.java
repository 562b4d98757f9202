package dev.poto.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;

/**
 * The receiving side of one HTTP/1.1 connection: lines for the head and the chunk framing, taken from a
 * small buffer, and body bytes read straight from the socket into the caller's array whenever nothing is
 * buffered and the caller asks for at least a buffer's worth, so a large read costs one system call and
 * no copy of ours.
 */
final class Http1Input {
  /** The buffer for lines; also the smallest read that bypasses it. */
  static final int BUFFER_SIZE = 16 * 1024;

  private final InputStream socket;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private int limit;

  Http1Input(InputStream socket) {
    this.socket = socket;
  }

  /**
   * One line without its CRLF (a bare LF is accepted too, as RFC 9112 §2.2 allows), as ISO-8859-1.
   *
   * @param max the longest line accepted, CRLF excluded
   * @throws EOFException when the connection ends before the line does
   * @throws ProtocolException for a line longer than {@code max}
   */
  String readLine(int max, String what) throws IOException {
    StringBuilder line = null;
    while (true) {
      if (position == limit && fill() < 0) {
        throw new EOFException("the connection ended in the middle of the " + what);
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int length = position - start;
      if ((line == null ? 0 : line.length()) + length > max + 1) {
        throw new ProtocolException("the " + what + " is longer than " + max + " bytes");
      }
      if (position < limit) { // found the LF
        position++;
        String text = new String(buffer, start, length, StandardCharsets.ISO_8859_1);
        String whole = line == null ? text : line.append(text).toString();
        return whole.endsWith("\r") ? whole.substring(0, whole.length() - 1) : whole;
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buffer, start, length, StandardCharsets.ISO_8859_1));
    }
  }

  /**
   * Reads up to {@code length} body bytes: what is buffered first, then straight from the socket.
   * Returns -1 at the end of the connection; never waits for more once it has something.
   */
  int read(byte[] target, int offset, int length) throws IOException {
    if (position < limit) {
      int n = Math.min(length, limit - position);
      System.arraycopy(buffer, position, target, offset, n);
      position += n;
      return n;
    }
    if (length >= BUFFER_SIZE) {
      return socket.read(target, offset, length);
    }
    if (fill() < 0) {
      return -1;
    }
    int n = Math.min(length, limit - position);
    System.arraycopy(buffer, position, target, offset, n);
    position += n;
    return n;
  }

  /** Skips up to {@code length} bytes; -1 at the end of the connection. */
  long skip(long length) throws IOException {
    if (position == limit && fill() < 0) {
      return -1;
    }
    int n = (int) Math.min(length, limit - position);
    position += n;
    return n;
  }

  /** Bytes taken off the socket and not read yet. */
  int buffered() {
    return limit - position;
  }

  /** Bytes that can be read without blocking. */
  int available() throws IOException {
    return (limit - position) + socket.available();
  }

  private int fill() throws IOException {
    int n = socket.read(buffer, 0, buffer.length);
    position = 0;
    limit = Math.max(n, 0);
    return n;
  }
}
