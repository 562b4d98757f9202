package dev.poto.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The body of one HTTP/1.1 answer as an {@link InputStream}, framed by {@code Content-Length}, by
 * chunks (RFC 9112 §7.1: extensions ignored, trailers read and dropped) or by the end of the connection.
 * Bytes go straight into the caller's array. A connection that ends before the framing says the body
 * does is an {@link EOFException}, never a silently short body. The body owns the connection until it
 * is done with it, exactly once: read to its exact end (the full {@code Content-Length}, or the last
 * chunk and its trailers), the connection is {@linkplain Http1Connection#answered() answered} and may
 * carry another call; on a failure, a body that ends with the connection, or {@link #close()} before the
 * end (which tells the server the caller left), it is closed, so no connection with unread bytes of an
 * answer ever carries another call.
 */
final class Http1Body extends InputStream {
  /** The longest chunk-size line (size, extensions) and trailer line accepted. */
  static final int MAX_LINE = 8 * 1024;

  /** The most trailer lines read after the last chunk. */
  static final int MAX_TRAILERS = 100;

  /** {@code length} for a body that ends with the connection. */
  static final long UNTIL_CLOSE = -1;

  private final Http1Input input;
  private final Http1Connection connection;
  /** Set by whichever comes first of the end, a failure and a close: only that one acts on the connection. */
  private final AtomicBoolean connectionDone = new AtomicBoolean();
  private final boolean chunked;
  /** The Content-Length, or {@link #UNTIL_CLOSE}; -1 too for a chunked body. */
  private final long length;
  /** Bytes left in the body (Content-Length) or in the current chunk; -1 before the first chunk or until close. */
  private long remaining;
  private boolean ended;
  private volatile boolean closed;
  private IOException failure;

  private Http1Body(Http1Input input, Http1Connection connection, boolean chunked, long length) {
    this.input = input;
    this.connection = connection;
    this.chunked = chunked;
    this.remaining = length;
    this.length = length;
  }

  static Http1Body chunked(Http1Input input, Http1Connection connection) {
    return new Http1Body(input, connection, true, -1);
  }

  /** A body of {@code length} bytes, or {@link #UNTIL_CLOSE}. */
  static Http1Body ofLength(Http1Input input, Http1Connection connection, long length) {
    Http1Body body = new Http1Body(input, connection, false, length);
    if (length == 0) {
      body.finish();
    }
    return body;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, target.length);
    ensureOpen();
    if (length == 0) {
      return 0;
    }
    try {
      if (chunked && remaining <= 0 && !ended) {
        nextChunk();
      }
      if (ended) {
        return -1;
      }
      int asked = remaining < 0 ? length : (int) Math.min(length, remaining);
      int n = input.read(target, offset, asked);
      if (n < 0) {
        if (remaining == UNTIL_CLOSE && !chunked) {
          finish();
          return -1;
        }
        throw new EOFException("the connection ended " + remaining + " bytes before the end of the "
            + (chunked ? "chunk" : "body"));
      }
      if (remaining > 0) {
        remaining -= n;
        if (remaining == 0 && !chunked) {
          finish();
        }
      }
      return n;
    } catch (IOException e) {
      fail(e);
      throw e;
    }
  }

  @Override
  public int available() throws IOException {
    ensureOpen();
    if (ended || remaining <= 0) {
      return 0;
    }
    return (int) Math.min(remaining == UNTIL_CLOSE ? Integer.MAX_VALUE : remaining, input.available());
  }

  /** Reads the CRLF after the previous chunk and the next chunk's size; the last chunk's trailers end the body. */
  private void nextChunk() throws IOException {
    if (remaining == 0) {
      String end = input.readLine(MAX_LINE, "chunk's end");
      if (!end.isEmpty()) {
        throw new ProtocolException("a chunk is longer than its size said");
      }
    }
    String line = input.readLine(MAX_LINE, "chunk size");
    int extensions = line.indexOf(';');
    String size = (extensions < 0 ? line : line.substring(0, extensions)).strip();
    remaining = parseChunkSize(size);
    if (remaining == 0) {
      for (int i = 0; !input.readLine(MAX_LINE, "trailer").isEmpty(); i++) {
        if (i == MAX_TRAILERS) {
          throw new ProtocolException("more than " + MAX_TRAILERS + " trailer lines");
        }
      }
      finish();
    }
  }

  private static long parseChunkSize(String size) throws ProtocolException {
    if (size.isEmpty() || size.length() > 15) { // 15 hex digits stay below Long.MAX_VALUE
      throw new ProtocolException("not a chunk size: '" + size + "'");
    }
    long value = 0;
    for (int i = 0; i < size.length(); i++) {
      int digit = Character.digit(size.charAt(i), 16);
      if (digit < 0) {
        throw new ProtocolException("not a chunk size: '" + size + "'");
      }
      value = value << 4 | digit;
    }
    return value;
  }

  /** The body ended as its framing says: a framed one leaves the connection for another call, if the answer allows. */
  private void finish() {
    ended = true;
    if (connectionDone.compareAndSet(false, true)) {
      if (chunked || length != UNTIL_CLOSE) {
        connection.answered();
      } else {
        connection.close();
      }
    }
  }

  /**
   * For a reader that knows the content is complete (an event stream's end event): reads what is left
   * of the framing, waiting at most {@code millis} for it, so that the connection can carry another
   * call. Nothing happens to a body that has more content, or whose framing does not arrive in time:
   * {@link #close()} then closes the connection.
   */
  void finishAfterContent(int millis) {
    if (ended || closed || failure != null || !chunked || remaining > 0) {
      return; // ended already, or content is left (a Content-Length body ends with its last byte)
    }
    try {
      connection.readTimeout(millis);
      if (read(new byte[1], 0, 1) >= 0) {
        close(); // more content after the end: the connection is not reused
      }
    } catch (IOException e) {
      // the failure closed the connection
    }
  }

  private void fail(IOException e) {
    failure = e;
    closeConnection();
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("The response body is closed");
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void closeConnection() {
    if (connectionDone.compareAndSet(false, true)) {
      connection.close();
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeConnection();
    }
  }
}
