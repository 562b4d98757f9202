package dev.poto.runtime.routing;

import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.http.ProblemResponder;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.function.Supplier;

/**
 * {@code GET {prefix}/_metrics}: the Prometheus text a registry's {@code scrape()} returns, when
 * configured with {@code config.metricsEndpoint(prometheusRegistry::scrape)}.
 */
public final class MetricsEndpoint {
  public static final String ROUTE = "_metrics";
  /** The Prometheus text exposition format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final Supplier<String> scrape;

  public MetricsEndpoint(Supplier<String> scrape) {
    this.scrape = scrape;
  }

  public void handle(Context ctx) {
    if (!HandlerType.GET.equals(ctx.method()) && !HandlerType.HEAD.equals(ctx.method())) {
      ctx.header("Allow", "GET, HEAD");
      ProblemResponder.send(ctx, 405, ProblemCodes.METHOD_NOT_ALLOWED,
          "The metrics endpoint uses GET or HEAD, not " + ctx.method().name(), null);
      return;
    }
    ctx.header("Cache-Control", "no-store");
    ctx.contentType(CONTENT_TYPE);
    ctx.result(scrape.get());
  }
}
