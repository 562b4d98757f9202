package dev.poto.runtime.guard;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that the caller has gone while a call is running, even when nothing is being written (a
 * slow unary method, an idle stream), and runs {@code onGone} once, typically
 * {@code () -> ctx.cancellation().cancel(CancelReasons.CLIENT_GONE)}.
 *
 * <p>Why this is needed: on HTTP/1.1 Jetty 12 reads from the connection only when the application
 * asks for request content, so a caller that closes the connection while the handler runs is not
 * noticed until a write fails ({@code Request.addFailureListener} stays silent). The watcher
 * therefore registers read interest on the connection's endpoint once the request body has been read;
 * when the endpoint becomes readable it reads: end-of-stream means the caller left. A well-behaved
 * HTTP/1.1 client sends nothing while it waits for its answer, so readability almost always means the
 * connection closed. If bytes do arrive (a pipelining client), they cannot be handed back to Jetty:
 * the watcher stops and asks for {@code Connection: close} so the connection is not reused. On other
 * protocols (HTTP/2 resets the stream) Jetty's failure listener is the signal.
 *
 * <p>Rules for the caller: start it only after the request body has been read completely, and
 * {@link #close()} it before the answer completes (before Jetty reads the next request on the
 * connection): on the handler's thread before it returns, or, for an answer finished after the
 * handler (a direct stream, written asynchronously), by the thread that completes it.
 */
public final class DisconnectWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DisconnectWatcher.class);

  private final Context ctx;
  private final Request request; // null when not on Jetty's servlet request
  private final Runnable onGone;
  private final AtomicBoolean fired = new AtomicBoolean();
  private final Object lock = new Object();
  private AbstractEndPoint endPoint; // set by the first arm(); null when we cannot watch it ourselves
  private boolean armed;
  private boolean closed;
  private boolean readInterestRegistered;
  private boolean strayBytes;

  private DisconnectWatcher(Context ctx, Request request, Runnable onGone) {
    this.ctx = ctx;
    this.request = request;
    this.onGone = onGone;
  }

  /** Starts watching the connection of {@code ctx}; the request body must already be consumed. */
  public static DisconnectWatcher watch(Context ctx, Runnable onGone) {
    DisconnectWatcher watcher = prepare(ctx, ServletContextRequest.getServletContextRequest(ctx.req()), onGone);
    watcher.arm();
    return watcher;
  }

  /**
   * Like {@link #watch}, but nothing is watched until {@link #arm()} is called (from any thread;
   * after {@link #close()} it does nothing). Preparing costs nothing in Jetty, so a call that ends
   * before it is armed pays for no watching at all.
   *
   * @param request Jetty's request behind {@code ctx}, or null when not running on Jetty
   */
  public static DisconnectWatcher prepare(Context ctx, Request request, Runnable onGone) {
    if (request == null) {
      log.debug("Not running on Jetty's servlet request: disconnects are noticed on write only");
    }
    return new DisconnectWatcher(ctx, request, onGone);
  }

  /** Whether the caller was seen leaving. */
  public boolean clientGone() {
    return fired.get();
  }

  /** Stops watching. Must run before the answer completes (see the class comment). */
  @Override
  public void close() {
    boolean withdraw;
    boolean askToClose;
    synchronized (lock) { // waits for an arm() in progress, which uses the live request
      closed = true;
      withdraw = readInterestRegistered;
      readInterestRegistered = false;
      askToClose = strayBytes;
    }
    if (withdraw) {
      // Withdraws our read interest: Jetty must find the endpoint free when it reads the next request.
      endPoint.getFillInterest().onFail(new CancellationException("call ended"));
    }
    if (askToClose && !ctx.res().isCommitted()) {
      ctx.res().setHeader("Connection", "close");
    }
  }

  /**
   * Starts watching: registers Jetty's failure listener (the signal on HTTP/2, where a departed caller
   * resets the stream) and, on HTTP/1, read interest on the connection. Does nothing once closed.
   * Jetty ignores a failure listener added after the request has already failed, so on HTTP/2 a caller
   * who left before arming is noticed by the next write instead (streams write at least a heartbeat).
   */
  public void arm() {
    if (request == null) {
      return;
    }
    synchronized (lock) {
      if (closed || armed) {
        return;
      }
      armed = true;
      HttpVersion version = request.getConnectionMetaData().getHttpVersion();
      EndPoint connection = request.getConnectionMetaData().getConnection().getEndPoint();
      boolean http1 = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
      endPoint = http1 && connection instanceof AbstractEndPoint a ? a : null;
      request.addFailureListener(failure -> gone());
    }
    armReadInterest();
  }

  private void armReadInterest() {
    synchronized (lock) {
      if (closed || readInterestRegistered || endPoint == null) {
        return;
      }
      readInterestRegistered = endPoint.tryFillInterested(new ReadCallback());
      if (!readInterestRegistered) {
        log.debug("The connection is already being read; relying on Jetty's failure listener");
      }
    }
  }

  private void gone() {
    if (fired.compareAndSet(false, true)) {
      onGone.run();
    }
  }

  /** Read readiness on the endpoint while the call runs. */
  private final class ReadCallback implements Callback {
    @Override
    public void succeeded() {
      int read;
      synchronized (lock) { // held across the probe so close() cannot hand the endpoint back meanwhile
        if (closed) {
          return;
        }
        readInterestRegistered = false;
        try {
          ByteBuffer probe = BufferUtil.allocate(1); // Jetty buffers are in flush mode: empty, room for one
          read = endPoint.fill(probe);
        } catch (IOException e) {
          read = -1;
        }
        strayBytes = read > 0;
      }
      if (read < 0) {
        gone();
      } else if (read == 0) {
        armReadInterest(); // spurious wake-up
      } else {
        log.warn("The caller sent data on the connection while its call was running; the connection"
            + " will not be reused");
      }
    }

    @Override
    public void failed(Throwable failure) {
      synchronized (lock) {
        if (closed) {
          return; // our own withdrawal in close()
        }
        readInterestRegistered = false;
      }
      if (!endPoint.isOpen()) {
        gone();
      } else {
        armReadInterest(); // e.g. an idle-timeout notice: the connection is still there
      }
    }

    // The default (blocking) invocation type: onGone runs cancellation handlers, which are module
    // code and must not run on Jetty's selector thread.
  }
}
