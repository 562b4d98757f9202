package dev.poto.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.Consumer;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 connection of {@link DirectTransport}: the channel (whose blocked reads an interrupt or
 * a close from another thread ends), the socket on it (TLS or plain) and the answer bytes buffered from
 * it. It carries one call at a time. An answer read to its exact end hands it back to the
 * {@link ConnectionPool} ({@link #answered()}) when the answer lets it carry another call; every other
 * way a call ends closes it.
 */
final class Http1Connection implements Closeable {
  /** {@code scheme://host:port}: which calls it can carry. */
  final String origin;
  private final SocketChannel channel;
  private final ConnectionPool pool;
  private final Consumer<Http1Connection> onClose;
  private Socket socket;
  private SSLSession session;
  private Http1Input input;
  private final ByteBuffer probe = ByteBuffer.allocate(1);
  /** Whether the answer being read leaves the connection open for another call. */
  private boolean persistent;
  private boolean reused;
  /** When it went back to the pool ({@link System#nanoTime()}). */
  long idleSince;
  private volatile boolean closed;

  Http1Connection(String origin, SocketChannel channel, ConnectionPool pool, Consumer<Http1Connection> onClose) {
    this.origin = origin;
    this.channel = channel;
    this.pool = pool;
    this.onClose = onClose;
    this.socket = channel.socket();
  }

  /** The socket the calls go over: the channel's own, until TLS is layered on it. */
  Socket socket() {
    return socket;
  }

  /** Layers TLS on the connection (after a completed handshake) and starts reading answers. */
  void ready(SSLSocket secure) throws IOException {
    if (secure != null) {
      socket = secure;
      session = secure.getSession();
    }
    input = new Http1Input(socket.getInputStream());
  }

  Http1Input input() {
    return input;
  }

  SSLSession session() {
    return session;
  }

  /** Whether it carried a call before this one. */
  boolean reused() {
    return reused;
  }

  void readTimeout(int millis) throws SocketException {
    socket.setSoTimeout(millis);
  }

  /** Whether the answer now being read lets the connection carry another call once it is read whole. */
  void persistent(boolean persistent) {
    this.persistent = persistent;
  }

  /**
   * Writes a request. Over plain TCP the request goes to the channel in one gathering write, which
   * says how many bytes the system took: when it took none before failing, this throws
   * {@link NothingSentException}, and no byte of the request can have reached the server. Over TLS the
   * layer in between does not say, so a failure there is a plain {@link IOException}.
   */
  void send(byte[] head, byte[] body) throws IOException {
    if (session != null) {
      OutputStream out = socket.getOutputStream();
      byte[] request = new byte[head.length + body.length];
      System.arraycopy(head, 0, request, 0, head.length);
      System.arraycopy(body, 0, request, head.length, body.length);
      out.write(request); // one TLS record for a usual call, not two
      out.flush();
      return;
    }
    ByteBuffer[] request = {ByteBuffer.wrap(head), ByteBuffer.wrap(body)};
    long total = head.length + (long) body.length;
    long sent = 0;
    while (sent < total) {
      try {
        sent += channel.write(request);
      } catch (IOException e) {
        if (sent == 0 && channel.isOpen()) {
          throw new NothingSentException(e);
        }
        throw e;
      }
    }
  }

  /**
   * Whether a kept connection can carry a call: nothing arrived on it since its last answer. The
   * server closing it (an end of input), resetting it, or sending bytes nobody asked for all mean no.
   * Looks without waiting: the channel is read once without blocking.
   */
  boolean idleAndOpen() {
    if (closed || input.buffered() > 0) {
      return false;
    }
    try {
      if (session != null && socket.getInputStream().available() > 0) {
        return false; // TLS bytes already taken off the channel and decrypted
      }
      channel.configureBlocking(false);
      try {
        probe.clear();
        return channel.read(probe) == 0;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /**
   * The answer was read to its exact end: the connection goes back to the pool when the answer allowed
   * it and nothing more arrived with it, and is closed otherwise.
   */
  void answered() {
    if (persistent && !closed && input.buffered() == 0) {
      persistent = false;
      reused = true;
      if (pool.offer(this)) {
        return;
      }
    }
    close();
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public void close() {
    closed = true;
    onClose.accept(this);
    try {
      socket.close();
      channel.close();
    } catch (IOException ignored) {
      // closing only releases the connection
    }
  }

  /** The request's write failed before the system took any byte of it: the server got nothing. */
  static final class NothingSentException extends IOException {
    NothingSentException(IOException cause) {
      super("the connection failed before any byte of the request was sent: " + cause.getMessage(), cause);
    }
  }
}
