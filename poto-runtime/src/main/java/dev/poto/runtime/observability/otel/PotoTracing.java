package dev.poto.runtime.observability.otel;

import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.List;
import java.util.Objects;

/**
 * A server span per request under the prefix, with the OpenTelemetry API:
 * {@code config.observe(new PotoTracing(openTelemetry))}. The application brings the SDK (or the Java
 * agent, then {@code GlobalOpenTelemetry.get()}); the runtime depends on nothing but the API, and
 * only when this class is used.
 *
 * <p>The span continues the caller's trace from its W3C {@code traceparent} (both generated clients
 * send it), is named {@code module/method} (served names only, {@code unknown} otherwise) and carries
 * the RPC semantic conventions: {@code rpc.system=poto}, {@code rpc.service}, {@code rpc.method}, the
 * HTTP status, and for a problem answer {@code error.type} set to its code. 5xx answers are errors. A
 * stream's span ends when the stream ends or is cancelled. The span is current while the call runs,
 * so spans the module starts are its children.
 */
public final class PotoTracing implements CallObserver {
  public static final String RPC_SYSTEM = "poto";
  static final AttributeKey<String> RPC_SYSTEM_KEY = AttributeKey.stringKey("rpc.system");
  static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
  static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("poto.request_id");
  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("enduser.id");

  private static final TextMapGetter<CallRecord> HEADERS = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(CallRecord carrier) {
      return List.of(); // propagators here read known header names only
    }

    @Override
    public String get(CallRecord carrier, String key) {
      return carrier == null ? null : carrier.requestHeader(key);
    }
  };

  private final OpenTelemetry openTelemetry;
  private final Tracer tracer;

  public PotoTracing(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.tracer = openTelemetry.getTracer("dev.poto.runtime");
  }

  @Override
  public Observation begin(CallRecord call) {
    Context parent = openTelemetry.getPropagators().getTextMapPropagator().extract(Context.root(), call, HEADERS);
    Span span = tracer.spanBuilder(call.module() + "/" + call.method())
        .setParent(parent)
        .setSpanKind(SpanKind.SERVER)
        .setAttribute(RPC_SYSTEM_KEY, RPC_SYSTEM)
        .setAttribute(RPC_SERVICE, call.module())
        .setAttribute(RPC_METHOD, call.method())
        .setAttribute(REQUEST_ID, call.requestId())
        .startSpan();
    return new SpanObservation(span, span.makeCurrent());
  }

  /** The call's span, current on the thread that runs the call until the call ends or moves on. */
  private record SpanObservation(Span span, Scope scope) implements Observation {
    @Override
    public void end(CallRecord finished) {
      try {
        span.setAttribute(HTTP_STATUS, (long) finished.status());
        if (finished.userId() != null) {
          span.setAttribute(USER_ID, finished.userId());
        }
        if (finished.code() != null) {
          span.setAttribute(ERROR_TYPE, finished.code());
        }
        if (finished.status() >= 500) {
          span.setStatus(StatusCode.ERROR, finished.code() == null ? "" : finished.code());
        }
      } finally {
        scope.close();
        span.end();
      }
    }

    /** A scope belongs to its thread: closed here, and the span made current again on the stream's thread. */
    @Override
    public HandOff handOff() {
      scope.close();
      return () -> new SpanObservation(span, span.makeCurrent());
    }
  }
}
