package dev.poto.runtime.observability;

import io.javalin.http.Context;
import java.util.function.Function;

/**
 * What is known about one request under the prefix, for the access log, metrics and traces: filled
 * by the handler as the request goes (route, caller, problem code) and finished when the answer is
 * done. Module and method are only ever names the server serves ({@link #UNKNOWN} otherwise), so a
 * caller cannot grow a metric's label set by inventing paths.
 */
public final class CallRecord {
  /** The module or method of a path the server does not serve. */
  public static final String UNKNOWN = "unknown";
  private static final String ATTRIBUTE = CallRecord.class.getName();

  private final String requestId;
  private final String httpMethod;
  private Function<String, String> requestHeader;
  private final long startNanos = System.nanoTime();
  private String module = UNKNOWN;
  private String method = UNKNOWN;
  private String userId;
  private String code;
  private int status;
  private long durationNanos;
  private long bytes;
  private long bodyWritten;

  CallRecord(String requestId, String httpMethod, Function<String, String> requestHeader) {
    this.requestId = requestId;
    this.httpMethod = httpMethod;
    this.requestHeader = requestHeader;
  }

  /** Starts the record of {@code ctx}'s request and keeps it on the request. */
  public static CallRecord begin(Context ctx, String requestId) {
    CallRecord record = new CallRecord(requestId, ctx.method().name(), ctx::header);
    ctx.attribute(ATTRIBUTE, record);
    LogContext.enter(requestId);
    return record;
  }

  /**
   * Reads request headers from {@code headers} from now on instead of the request: for an answer that
   * outlives its request in the server (a stream whose connection was taken over).
   */
  public void readHeadersFrom(Function<String, String> headers) {
    this.requestHeader = headers;
  }

  /** The record of {@code ctx}'s request, or null outside one. */
  public static CallRecord of(Context ctx) {
    return ctx.attribute(ATTRIBUTE);
  }

  /** Notes the problem code of the answer, if {@code ctx} is a recorded request. */
  public static void problem(Context ctx, String code) {
    CallRecord record = of(ctx);
    if (record != null) {
      record.code = code;
    }
  }

  /** The served module and method this request turned out to call. */
  public void routed(String module, String method) {
    this.module = module;
    this.method = method;
  }

  /** The authenticated caller; also put in the MDC for the rest of the call. */
  public void user(String userId) {
    this.userId = userId;
    LogContext.user(userId);
  }

  /** Notes a problem code (e.g. the error event that ended a stream). */
  public void code(String code) {
    this.code = code;
  }

  /** The call moves to another thread (a direct stream after its handler returned): the MDC keys leave this one. */
  public void leaveThread() {
    LogContext.leave();
  }

  /** The call goes on on the current thread: its MDC keys come with it. */
  public void enterThread() {
    LogContext.enter(requestId);
    LogContext.user(userId);
  }

  /**
   * The handler wrote a whole body of {@code bytes} (before any compression) that may still sit in the
   * server's output buffer when the record finishes: {@link #bytes()} counts it.
   */
  public void bodyWritten(long bytes) {
    this.bodyWritten = bytes;
  }

  /** The answer is done; the MDC keys go. {@code bytes}: what reached the connection or is still due. */
  public void finish(int status, long bytes) {
    this.status = status;
    this.bytes = Math.max(bytes, bodyWritten); // a buffered body has reached the connection partly or not at all
    this.durationNanos = System.nanoTime() - startNanos;
    LogContext.leave();
  }

  public String requestId() {
    return requestId;
  }

  public String httpMethod() {
    return httpMethod;
  }

  /** A request header (case-insensitive), e.g. {@code traceparent}; null when absent. */
  public String requestHeader(String name) {
    return requestHeader.apply(name);
  }

  /** The module's route, {@code _auth} for the auth endpoints, or {@link #UNKNOWN}. */
  public String module() {
    return module;
  }

  public String method() {
    return method;
  }

  /** The caller's user id, or null for an anonymous call (or one rejected before its token was read). */
  public String userId() {
    return userId;
  }

  /** The problem code of the answer, or null for a success. */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public long startNanos() {
    return startNanos;
  }

  public long durationNanos() {
    return durationNanos;
  }

  /** Bytes of the response body written. */
  public long bytes() {
    return bytes;
  }
}
