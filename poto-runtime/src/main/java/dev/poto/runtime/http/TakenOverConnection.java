package dev.poto.runtime.http;

import dev.poto.runtime.stream.ByteBufferSink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP/1 connection of a pushed direct stream, taken over from Jetty once the answer's head is out:
 * the rest of the body goes to the socket from here, and Jetty's and the servlet layer's state of the
 * request (parser, generator, servlet request and response, Javalin's context, the connection's request
 * buffer) is let go as if the request had ended.
 *
 * <p>Why: a pushed stream (a feed) may stay open and idle for hours, and what Jetty keeps for an open
 * request, about 8 KB of heap and an 8 KiB pooled buffer, is most of what such a stream costs. The
 * answer goes out as {@code Connection: close} with no length and no chunking, so it ends when the
 * connection does (the stream's own {@code end} or {@code error} event tells a complete stream from a
 * broken one); the request then completes in Jetty at once, and Jetty hands the connection over, the
 * way it hands one to a WebSocket after its upgrade ({@link HttpStream#UPGRADE_CONNECTION_ATTRIBUTE}).
 *
 * <p>This connection reads only to notice the caller leave (end of input, a failed read, the idle
 * timeout); bytes a caller sends are dropped. Writes come from one thread at a time (the stream's
 * output serializes them) and block until they are out. {@link #end()} closes the connection; a stream
 * that ends before the hand-over closes it as soon as it arrives.
 */
final class TakenOverConnection extends AbstractConnection {
  private static final int READ_BUFFER_SIZE = 512;

  private final CompletableFuture<Void> handedOver = new CompletableFuture<>();
  private final Runnable onGone;
  private volatile boolean opened;
  private volatile boolean ending;
  private long bytesWritten; // by the writing thread only

  private TakenOverConnection(EndPoint endPoint, ConnectionMetaData metaData, Runnable onGone) {
    super(endPoint, metaData.getConnector().getExecutor());
    this.onGone = onGone;
  }

  /** Whether {@code request}'s connection can be taken over: HTTP/1 on Jetty. */
  static boolean possible(Request request) {
    if (request == null) {
      return false;
    }
    HttpVersion version = request.getConnectionMetaData().getHttpVersion();
    return version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
  }

  /**
   * Asks Jetty to hand {@code request}'s connection over when the request completes. The answer must
   * say {@code Connection: close} and have no length, and nobody may read the connection (no read
   * interest of the disconnect watcher) when the handler returns.
   *
   * @param onGone runs once if the caller leaves before {@link #end()}
   */
  static TakenOverConnection request(Request request, Runnable onGone) {
    ConnectionMetaData metaData = request.getConnectionMetaData();
    TakenOverConnection connection = new TakenOverConnection(metaData.getConnection().getEndPoint(), metaData, onGone);
    request.setAttribute(HttpStream.UPGRADE_CONNECTION_ATTRIBUTE, connection);
    request.addHttpStreamWrapper(stream -> new HttpStream.Wrapper(stream) {
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

  /** The body from here on: every write goes to the socket as it is, once the connection is ours. */
  OutputStream body() {
    return new Body();
  }

  /** Body bytes written through {@link #body()}. */
  long bytesWritten() {
    return bytesWritten;
  }

  /** Ends the answer: closes the connection, now or when it arrives. */
  void end() {
    ending = true;
    if (opened) {
      closeConnection();
    }
  }

  @Override
  public void onOpen() {
    super.onOpen();
    opened = true;
    handedOver.complete(null);
    if (ending) {
      closeConnection();
    } else {
      fillInterested();
    }
  }

  /** The body ends with the connection: output first, so the caller reads every byte before the end. */
  private void closeConnection() {
    getEndPoint().shutdownOutput();
    getEndPoint().close();
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
    ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER_SIZE);
    try {
      while (true) {
        buffer.clear().flip(); // Jetty fills a buffer in flush mode, between its limit and capacity
        int read = getEndPoint().fill(buffer);
        if (read < 0) {
          gone();
          return;
        }
        if (read == 0) {
          fillInterested();
          return;
        }
        // A caller has nothing to say on a stream's connection: what it sends is dropped.
      }
    } catch (IOException e) {
      gone();
      getEndPoint().close(e);
    }
  }

  @Override
  public void onFillInterestedFailed(Throwable cause) {
    gone(); // a failed read or the idle timeout
    getEndPoint().close(cause);
  }

  @Override
  public void onClose(Throwable cause) {
    super.onClose(cause);
    gone();
  }

  private void gone() {
    if (!ending) {
      onGone.run();
    }
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
      awaitHandOver();
      Callback.Completable written = new Callback.Completable();
      getEndPoint().write(written, buffer);
      try {
        written.get(); // the caller may reuse its bytes once this returns
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        getEndPoint().close(e); // a write cannot be withdrawn: the answer is broken
        throw new InterruptedIOException("Interrupted while writing the stream");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      }
      bytesWritten += length;
    }

    /** Every written byte has already gone to the connection. */
    @Override
    public void flush() {}

    @Override
    public void close() {
      end();
    }
  }
}
