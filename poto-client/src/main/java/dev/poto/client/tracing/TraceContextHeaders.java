package dev.poto.client.tracing;

import dev.poto.client.CallHeaders;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Sends the caller's current OpenTelemetry context with every call (W3C {@code traceparent} and
 * {@code tracestate}, or whatever propagators the application configured), so the server's span
 * joins the caller's trace:
 *
 * <pre>{@code
 * PotoClient.builder(url).headers(new TraceContextHeaders(openTelemetry)).build();
 * }</pre>
 *
 * Needs {@code opentelemetry-api} on the class path (the client does not bring it).
 */
public final class TraceContextHeaders implements CallHeaders {
  private final OpenTelemetry openTelemetry;

  public TraceContextHeaders(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
  }

  @Override
  public void addTo(BiConsumer<String, String> header) {
    openTelemetry.getPropagators().getTextMapPropagator()
        .inject(Context.current(), header, (carrier, name, value) -> carrier.accept(name, value));
  }
}
