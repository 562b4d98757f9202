package dev.poto.runtime.http;

import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.Problem;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.PotoRuntime;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.dispatch.RegisteredMethod;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One call's HTTP exchange as a {@link ResultWriter} sees it: the method, the caller's context, the
 * precomputed result writer, and the way to start the answer.
 */
public final class CallExchange {
  private final Context http;
  private final RequestContext context;
  private final RegisteredMethod method;
  private final PotoRuntime runtime;
  private boolean started;

  CallExchange(Context http, RequestContext context, RegisteredMethod method, PotoRuntime runtime) {
    this.http = http;
    this.context = context;
    this.method = method;
    this.runtime = runtime;
  }

  /** The Javalin context, for writers that need more than {@link #body()}. */
  public Context http() {
    return http;
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
    // add, never set: a call may carry several Set-Cookie headers
    context.responseHeaders().commit((name, value) -> http.res().addHeader(name, value));
    http.header(Protocol.REQUEST_ID_HEADER, context.requestId());
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
    http.result(ProblemResponder.encode(ProblemResponder.problem(error.status(), error.code(), error.getMessage(), context.requestId())));
  }

  public boolean started() {
    return started;
  }

  /** The raw response body, for streaming writers; call {@link #begin} first. */
  public OutputStream body() throws IOException {
    if (!started) {
      throw new IllegalStateException("Call begin(status, contentType) before writing the body");
    }
    return http.outputStream();
  }
}
