package dev.poto.runtime.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.DomainException;
import dev.poto.protocol.Problem;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.dispatch.RegisteredMethod;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.observability.CallRecord;
import dev.poto.runtime.stream.ByteBufferSink;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.server.Request;

/**
 * One call's HTTP exchange as a {@link ResultWriter} sees it: the method, the caller's context, the
 * precomputed result writer, and the way to start the answer.
 */
public final class CallExchange {
  private final Context http;
  private final Request jettyRequest;
  private final JettyRequestHeaders jettyHeaders; // the context's headers when read from Jetty, else null
  private final RequestContext context;
  private final RegisteredMethod method;
  private final PotoRuntime runtime;
  private boolean started;
  private Runnable stopWatching = () -> {};
  private SharedStream sharedStream;
  private DetachedStream detached;

  CallExchange(
      Context http,
      Request jettyRequest,
      JettyRequestHeaders jettyHeaders,
      RequestContext context,
      RegisteredMethod method,
      PotoRuntime runtime) {
    this.http = http;
    this.jettyRequest = jettyRequest;
    this.jettyHeaders = jettyHeaders;
    this.context = context;
    this.method = method;
    this.runtime = runtime;
  }

  /** Marks this call as a stream whose frames travel on a shared connection. */
  void shareStream(SharedStream shared) {
    this.sharedStream = shared;
  }

  /** The shared connection this stream call's frames go to, or null for an ordinary call. */
  SharedStream sharedStream() {
    return sharedStream;
  }

  /**
   * Finishes the answer on a thread of its own after the handler returns (see {@link DetachedStream}):
   * {@code write} starts there, in the call's context, once the answer has started; over
   * {@code connection} when it was taken over from Jetty (else null).
   */
  void detach(TakenOverConnection connection, DetachedStream.Writing write) {
    if (!started || detached != null) {
      throw new IllegalStateException("Only a started answer can be detached, and only once");
    }
    detached = new DetachedStream(this, connection, write);
  }

  /**
   * Makes the call's request headers independent of Jetty's request: for a call that goes on after
   * Jetty has let go of its request (a stream whose connection was taken over).
   */
  void keepHeadersPastRequest() {
    if (jettyHeaders != null) {
      jettyHeaders.keepPastRequest();
    }
  }

  /** The rest of the answer when it goes on after the handler, or null. */
  DetachedStream detached() {
    return detached;
  }

  /** Registers how to stop watching the connection for a departed caller (see {@link #stopWatchingConnection}). */
  void watchingWith(Runnable stopWatching) {
    this.stopWatching = stopWatching;
  }

  /**
   * Stops the disconnect watcher before a body of known length is written: once its last byte is out,
   * a keep-alive caller may send its next request on the same connection while this handler is still
   * running, and the watcher must not read those bytes. (Chunked bodies end with Jetty's terminator
   * after the handler returns, when the watcher is already gone.)
   */
  public void stopWatchingConnection() {
    stopWatching.run();
  }

  /** The Javalin context, for writers that need more than {@link #body()}. */
  public Context http() {
    return http;
  }

  /** Jetty's request behind {@link #http()}, or null when not running on Jetty. */
  Request jettyRequest() {
    return jettyRequest;
  }

  public RequestContext context() {
    return context;
  }

  public RpcMethod method() {
    return method.rpc();
  }

  RegisteredMethod registeredMethod() {
    return method;
  }

  /** Jackson writer for the result type (for stream kinds: the element type), built once per method. */
  public ObjectWriter resultWriter() {
    return method.resultWriter();
  }

  public PotoRuntime runtime() {
    return runtime;
  }

  /**
   * Starts the answer: status, content type, the request id, and every header module code added to
   * {@link RequestContext#responseHeaders()} (which refuses more from here on).
   */
  public void begin(int status, String contentType) {
    if (started) {
      throw new IllegalStateException("The answer has already started");
    }
    started = true;
    // add, never set: a call may carry several Set-Cookie headers. The request id was set when the
    // request arrived and is the runtime's: module code cannot replace it.
    boolean overTls = http.req().isSecure();
    context.responseHeaders().commit((name, value) -> {
      if (name.equalsIgnoreCase("Set-Cookie") && overTls) {
        http.res().addHeader(name, SecureCookies.secure(value));
      } else if (!name.equalsIgnoreCase(Protocol.REQUEST_ID_HEADER)) {
        http.res().addHeader(name, value);
      }
    });
    http.status(status);
    if (contentType != null) {
      http.contentType(contentType);
    }
  }

  /**
   * Answers with a problem instead of a result (only before {@link #begin}); headers added by module
   * code are still applied, so e.g. a session cookie set before a failure is not lost.
   */
  public void sendProblem(RpcException error) {
    begin(error.status(), Problem.CONTENT_TYPE);
    CallRecord.problem(http, error.code());
    http.result(ProblemResponder.encode(problemOf(error)));
  }

  /** A declared error of the method: the problem with the error's fields as extension members. */
  public void sendDeclaredError(DeclaredError<?> declared, DomainException error) {
    byte[] body = method.errors().encode(problemOf(error), declared, error); // may fail: before the answer begins
    begin(error.status(), Problem.CONTENT_TYPE);
    CallRecord.problem(http, error.code());
    http.result(body);
  }

  private Problem problemOf(RpcException error) {
    return ProblemResponder.problem(error.status(), error.code(), error.detail(), context.requestId());
  }

  public boolean started() {
    return started;
  }

  /**
   * Writes a whole body now, through Javalin's output (which compresses it when the caller accepts
   * that), instead of handing it to {@code ctx.result}: Javalin copies a result through a fresh
   * buffer of the response buffer's size (32 KiB) per request, the largest allocation of a small
   * call. Small bodies stay in Jetty's output buffer until Javalin closes the output after the
   * handler, so they still go out in one write with their {@code Content-Length}. A failed write
   * means the caller has gone.
   */
  public void writeBody(byte[] body) throws IOException {
    if (!started) {
      throw new IllegalStateException("Call begin(status, contentType) before writing the body");
    }
    CallRecord record = CallRecord.of(http);
    if (record != null) {
      record.bodyWritten(body.length);
    }
    try {
      http.outputStream().write(body);
    } catch (IOException e) {
      context.cancellation().cancel(CancelReasons.CLIENT_GONE);
      throw e;
    }
  }

  /**
   * The raw response body, for streaming writers that gather their own bytes; call {@link #begin}
   * first. It is not Javalin's compressing wrapper (a compressor would hold flushed events back), and on
   * Jetty each write goes to the connection as it is, without Jetty's output buffer
   * ({@link PassThroughBody}), so an idle stream holds none.
   */
  public OutputStream body() throws IOException {
    OutputStream servlet = servletBody();
    return servlet instanceof HttpOutput jetty ? new PassThroughBody(jetty) : servlet;
  }

  /** The servlet's own output stream (Jetty's {@code HttpOutput}, which aggregates small writes). */
  private OutputStream servletBody() throws IOException {
    if (!started) {
      throw new IllegalStateException("Call begin(status, contentType) before writing the body");
    }
    return http.res().getOutputStream();
  }

  /**
   * A body that starts the answer ({@link #begin}, then {@code headers}) right before its first byte
   * is written, so headers module code adds while producing the first item still go out, and a
   * failure before any byte can still be answered with a problem. Writing nothing leaves the answer
   * unstarted; the writer then calls {@link #begin} itself.
   */
  public OutputStream lazyBody(int status, String contentType, Consumer<BiConsumer<String, String>> headers) {
    return new LazyBody(status, contentType, headers);
  }

  /**
   * Breaks the connection instead of finishing the answer: for a body that cannot be completed after
   * it has started, so the caller sees a broken body rather than a silently short one.
   */
  public void abort(Throwable cause) {
    if (jettyRequest != null) {
      // Closing the endpoint (not aborting the servlet channel) lets the handler return normally;
      // Jetty then finds the connection closed and completes quietly.
      jettyRequest.getConnectionMetaData().getConnection().getEndPoint().close(cause);
    } else {
      throw new IllegalStateException("Cannot abort the connection outside Jetty", cause);
    }
  }

  private final class LazyBody extends OutputStream implements ByteBufferSink {
    private final int status;
    private final String contentType;
    private final Consumer<BiConsumer<String, String>> headers;
    private OutputStream target;

    LazyBody(int status, String contentType, Consumer<BiConsumer<String, String>> headers) {
      this.status = status;
      this.contentType = contentType;
      this.headers = headers;
    }

    private OutputStream target() throws IOException {
      if (target == null) {
        begin(status, contentType);
        headers.accept((name, value) -> http.res().setHeader(name, value));
        target = servletBody(); // a binary copy writes whole ByteBuffers itself; small writes aggregate
      }
      return target;
    }

    @Override
    public void write(int b) throws IOException {
      target().write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      target().write(b, off, len);
    }

    /** On Jetty, one write of the whole buffer (a direct one without a copy); elsewhere through the array path. */
    @Override
    public void write(ByteBuffer buffer) throws IOException {
      OutputStream out = target();
      if (out instanceof HttpOutput jetty) {
        jetty.write(buffer);
      } else if (buffer.hasArray()) {
        out.write(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        buffer.position(buffer.limit());
      } else {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        out.write(bytes);
      }
    }

    @Override
    public void flush() throws IOException {
      if (target != null) {
        target.flush();
      }
    }

    @Override
    public void close() throws IOException {
      if (target != null) {
        target.close();
      }
    }
  }
}
