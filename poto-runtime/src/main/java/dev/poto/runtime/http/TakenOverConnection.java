package dev.poto.runtime.http;

import dev.poto.runtime.stream.ByteBufferSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpGenerator;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP/1 connection of a direct stream, taken over from Jetty once the answer's head is out:
 * the rest of the body goes to the socket from here, and Jetty's and the servlet layer's state of the
 * request (parser, generator, servlet request and response, Javalin's context, the connection's request
 * buffer) is let go as if the request had ended.
 *
 * <p>Why: a stream may stay open and idle for hours, and what Jetty keeps for an open request, about
 * 8 KB of heap and an 8 KiB pooled buffer, was most of what an idle pushed stream cost. A busy stream
 * gains too: its frames reach the socket without the servlet output and Jetty's HTTP/1 generator.
 *
 * <p>How: Jetty writes the head as usual (chunked on a kept connection). When the handler returns, the
 * answer's end that Jetty would write (the last chunk) is held back, Jetty completes the request and
 * hands the connection over, the way it hands one to a WebSocket after its upgrade
 * ({@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}). This connection then writes the frames in the same
 * framing and, when the stream has ended whole, the last chunk; a kept connection then goes back to a
 * new HTTP/1 connection of Jetty's for the caller's next request. Nothing changes on the wire.
 *
 * <p>While the stream is open it reads only to notice the caller leave (end of input, a failed read,
 * the idle timeout). What a pipelining caller sends after its request (already read by Jetty, or read
 * here) is kept and handed with the connection to Jetty's next connection, which reads it as the next
 * request; once such bytes are there, nothing more is read until the stream ends. A stream
 * that did not end whole (a fatal error, a departed caller) closes the connection without the last
 * chunk, so the caller sees a broken answer. Writes come from one thread at a time (the stream's output
 * serializes them) and block until they are out.
 */
final class TakenOverConnection extends AbstractConnection implements Connection.UpgradeTo, Connection.UpgradeFrom {
  private static final int READ_BUFFER_SIZE = 512;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
  private final Connector connector;
  private final boolean chunked;
  private final boolean keepAlive;
  private final Runnable onGone;
  private final AtomicBoolean callerGone = new AtomicBoolean();
  private final Object lock = new Object();
  private boolean opened; // guarded by lock
  private boolean reading; // guarded by lock: our read interest is registered
  /** What the caller sent after its request (pipelining), for Jetty's next connection; guarded by lock. */
  private ByteBuffer early;
  private volatile boolean ending;
  private long bytesWritten; // by the writing thread only

  private TakenOverConnection(EndPoint endPoint, Connector connector, HttpGenerator head, Runnable onGone) {
    super(endPoint, connector.getExecutor());
    this.connector = connector;
    this.chunked = head.isChunking();
    this.keepAlive = head.isPersistent();
    this.onGone = onGone;
  }

  /** Whether {@code request}'s connection can be taken over: Jetty's own HTTP/1 connection. */
  static boolean possible(Request request) {
    if (request == null) {
      return false;
    }
    ConnectionMetaData metaData = request.getConnectionMetaData();
    HttpVersion version = metaData.getHttpVersion();
    return (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0)
        && metaData.getConnection() instanceof HttpConnection jetty
        && jetty.getEndPoint() instanceof AbstractEndPoint; // whose read interest can be withdrawn
  }

  /**
   * Asks Jetty to hand {@code request}'s connection over when the request completes. The answer's head
   * must be out, its length unknown, and nobody may read the connection (no read interest of the
   * disconnect watcher) when the handler returns.
   *
   * @param onGone runs once if the caller leaves before {@link #end}
   */
  static TakenOverConnection request(Request request, Runnable onGone) {
    ConnectionMetaData metaData = request.getConnectionMetaData();
    HttpConnection jetty = (HttpConnection) metaData.getConnection();
    TakenOverConnection connection =
        new TakenOverConnection(jetty.getEndPoint(), metaData.getConnector(), jetty.getGenerator(), onGone);
    request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
    request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
      @Override
      public void send(
          MetaData.Request request, MetaData.Response response, boolean last, ByteBuffer content, Callback callback) {
        if (!last || response != null) {
          super.send(request, response, last, content, callback);
        } else if (content != null && content.hasRemaining()) {
          super.send(request, null, false, content, callback); // the end is the stream's to write
        } else {
          callback.succeeded(); // the end is the stream's to write, once the connection is its own
        }
      }

      @Override
      public void succeeded() {
        super.succeeded(); // Jetty hands the connection over (onOpen) in here
        connection.handOverEnded(null);
      }

      @Override
      public void failed(Throwable failure) {
        super.failed(failure);
        connection.handOverEnded(failure);
      }
    });
    return connection;
  }

  /** The body from here on: every write goes to the socket, in the answer's framing, once the connection is ours. */
  OutputStream body() {
    return new Body();
  }

  /** Body bytes written through {@link #body()}. */
  long bytesWritten() {
    return bytesWritten;
  }

  /**
   * Ends the answer, on the thread that wrote it. A {@code whole} stream (its {@code end} or
   * {@code error} frame written) gets the answer's proper end, and a kept connection goes back to Jetty
   * for the next request; otherwise the connection is closed. Before the hand-over, the connection is
   * closed when it arrives.
   */
  void end(boolean whole) {
    boolean ours;
    synchronized (lock) {
      ending = true;
      ours = opened;
      stopReading(); // nothing of the next request may be read here
    }
    if (!ours) {
      return;
    }
    if (!whole || callerGone.get()) {
      closeConnection();
      return;
    }
    try {
      if (chunked) {
        writeOut(ByteBuffer.wrap(LAST_CHUNK));
      }
    } catch (IOException e) {
      closeConnection();
      return;
    }
    if (keepAlive) {
      handBack();
    } else {
      closeConnection(); // an answer without a length ends with its connection
    }
  }

  @Override
  public void onOpen() {
    super.onOpen();
    boolean closeNow;
    synchronized (lock) {
      opened = true;
      closeNow = ending;
      if (!closeNow && early == null) {
        reading = true;
        fillInterested();
      }
    }
    handedOver.complete(null);
    if (closeNow) {
      closeConnection();
    }
  }

  private void handOverEnded(Throwable failure) {
    if (!handedOver.isDone()) {
      handedOver.completeExceptionally(
          new IOException("The connection ended before the stream took it over", failure));
      gone();
    }
  }

  @Override
  public void onFillable() {
    boolean left = false;
    synchronized (lock) {
      if (!reading) {
        return;
      }
      ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_SIZE).flip(); // Jetty fills in flush mode
      try {
        int read = getEndPoint().fill(buffer);
        if (read < 0) {
          reading = false;
          left = true;
        } else if (read == 0) {
          fillInterested();
        } else {
          reading = false; // a pipelining caller: kept for Jetty's next connection, nothing more read
          early = buffer;
        }
      } catch (IOException e) {
        reading = false;
        left = true;
      }
    }
    if (left) {
      gone();
    }
  }

  @Override
  public void onFillInterestedFailed(Throwable cause) {
    synchronized (lock) {
      if (ending) {
        return; // our read interest withdrawn at the end of the stream
      }
      reading = false;
    }
    gone(); // a failed read or the idle timeout
    getEndPoint().close(cause);
  }

  @Override
  public void onClose(Throwable cause) {
    super.onClose(cause);
    gone();
  }

  /** Jetty's unread bytes after the request (a pipelining caller's next request), kept for later. */
  @Override
  public void onUpgradeTo(ByteBuffer buffer) {
    synchronized (lock) {
      early = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
    }
  }

  /** What the caller sent early, for Jetty's next connection when the stream ends. */
  @Override
  public ByteBuffer onUpgradeFrom() {
    synchronized (lock) {
      ByteBuffer unread = early;
      early = null;
      return unread;
    }
  }

  private void stopReading() {
    if (reading) {
      reading = false;
      ((AbstractEndPoint) getEndPoint()).getFillInterest().onFail(new CancellationException("stream ended"));
    }
  }

  private void gone() {
    if (!ending && callerGone.compareAndSet(false, true)) {
      onGone.run();
    }
  }

  /** The connection goes back to Jetty's HTTP/1, which reads the caller's next request from it. */
  private void handBack() {
    HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
    if (http == null) {
      closeConnection();
      return;
    }
    Connection next = http.newConnection(connector, getEndPoint());
    getEndPoint().upgrade(next);
  }

  /** Output first, so the caller reads every byte before the end. */
  private void closeConnection() {
    getEndPoint().shutdownOutput();
    getEndPoint().close();
  }

  private void awaitHandOver() throws IOException {
    try {
      handedOver.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while the connection was being handed over");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  /** Writes {@code buffers} as they are, blocking until they are out. */
  private void writeOut(ByteBuffer... buffers) throws IOException {
    Callback.Completable written = new Callback.Completable();
    getEndPoint().write(written, buffers);
    try {
      written.get(); // the caller may reuse its bytes once this returns
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      getEndPoint().close(e); // a write cannot be withdrawn: the answer is broken
      throw new InterruptedIOException("Interrupted while writing the stream");
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
    }
  }

  private final class Body extends OutputStream implements ByteBufferSink {
    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > 0) {
        write(ByteBuffer.wrap(b, off, len));
      }
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(ByteBuffer buffer) throws IOException {
      int length = buffer.remaining();
      if (length == 0) {
        return; // an empty chunk would end a chunked answer
      }
      awaitHandOver();
      if (chunked) {
        byte[] size = (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        writeOut(ByteBuffer.wrap(size), buffer, ByteBuffer.wrap(CRLF));
      } else {
        writeOut(buffer);
      }
      bytesWritten += length;
    }

    /** Every written byte has already gone to the connection. */
    @Override
    public void flush() {}

    /** The answer ends in {@link #end}, which knows whether the stream is whole. */
    @Override
    public void close() {}
  }
}
