package dev.poto.runtime.routing;

import dev.poto.runtime.http.RpcHandler;
import dev.poto.runtime.http.ClientAssetsHandler;
import dev.poto.runtime.http.CallPath;
import dev.poto.runtime.health.HealthHandler;
import dev.poto.runtime.lifecycle.CallRegistry;
import dev.poto.runtime.openapi.OpenApiEndpoint;
import dev.poto.runtime.routing.MetricsEndpoint;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import io.javalin.http.Handler;
import java.util.List;

/**
 * Poto's single Javalin route: every request under the prefix, whatever its method, goes either to
 * the generated client's files ({@code {prefix}/_client/...}), the health probes
 * ({@code {prefix}/_health/...}) or {@link RpcHandler}. (While the runtime drains, every answer of the
 * server asks to close its connection: {@link dev.poto.runtime.lifecycle.GracefulShutdown}.)
 *
 * <p>One wildcard route without path parameters, rather than a route per module or a {@code <path>}
 * parameter: Javalin tries routes in order with a regex each and decodes path parameters into a map
 * for every request, which made routing a visible part of a small call's cost.
 */
public final class PrefixRouter implements Handler {
  private final String prefix;
  private final RpcHandler calls;
  private final ClientAssetsHandler clientAssets;
  private final HealthHandler health;
  private final CallRegistry lifecycle;
  private final MetricsEndpoint metrics;
  private final OpenApiEndpoint openApi;

  /** {@code metrics} null: no {@code _metrics} route. */
  public PrefixRouter(String prefix, RpcHandler calls, ClientAssetsHandler clientAssets, HealthHandler health,
      CallRegistry lifecycle, MetricsEndpoint metrics, OpenApiEndpoint openApi) {
    this.openApi = openApi;
    this.prefix = prefix;
    this.calls = calls;
    this.clientAssets = clientAssets;
    this.health = health;
    this.lifecycle = lifecycle;
    this.metrics = metrics;
  }

  /** The Javalin paths to register this handler under (the prefix itself and everything below it). */
  public static List<String> paths(String prefix) {
    return prefix.isEmpty() ? List.of("/", "/*") : List.of(prefix, prefix + "/*");
  }

  /** Lets a drain wait until this request's answer is fully written (Javalin writes results after the handler). */
  private void trackUntilComplete(Context ctx) {
    ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(ctx.req());
    if (jetty != null) {
      lifecycle.requestArrived();
      Request.addCompletionListener(jetty, failure -> lifecycle.requestCompleted());
    }
  }

  @Override
  public void handle(Context ctx) {
    CallPath path = CallPath.of(ctx, prefix);
    if (!path.module().equals(HealthHandler.ROUTE)) {
      trackUntilComplete(ctx);
    }
    if (path.module().equals(ClientAssetsHandler.ROUTE)) {
      clientAssets.handle(ctx);
    } else if (path.module().equals(HealthHandler.ROUTE)) {
      health.handle(ctx, path.twoSegments() ? path.method() : "");
    } else if (metrics != null && path.module().equals(MetricsEndpoint.ROUTE) && !path.twoSegments()) {
      metrics.handle(ctx);
    } else if (path.module().equals(OpenApiEndpoint.ROUTE) && !path.twoSegments()) {
      openApi.handle(ctx);
    } else {
      calls.handle(ctx, path);
    }
  }
}
