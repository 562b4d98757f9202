package dev.poto.runtime.routing;

import dev.poto.runtime.http.RpcHandler;
import dev.poto.runtime.http.ClientAssetsHandler;
import dev.poto.runtime.http.CallPath;
import dev.poto.runtime.health.HealthHandler;
import dev.poto.runtime.lifecycle.CallRegistry;
import dev.poto.runtime.openapi.OpenApiEndpoint;
import io.javalin.http.Context;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import io.javalin.http.Handler;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Poto's single Javalin route: every request under the prefix, whatever its method, goes to the handler
 * of its {@link ReservedRoute} ({@code _auth}, {@code _streams}, {@code _client}, {@code _health},
 * {@code _metrics}, {@code _openapi.json}) or, for any other first segment, to the module calls of
 * {@link RpcHandler}. (While the runtime drains, every answer of the server asks to close its
 * connection: {@link dev.poto.runtime.lifecycle.GracefulShutdown}.)
 *
 * <p>One wildcard route without path parameters, rather than a route per module or a {@code <path>}
 * parameter: Javalin tries routes in order with a regex each and decodes path parameters into a map
 * for every request, which made routing a visible part of a small call's cost.
 */
public final class PrefixRouter implements Handler {
  /** What answers one reserved route. */
  @FunctionalInterface
  interface Route {
    void handle(Context ctx, CallPath path) throws Exception;
  }

  private final String prefix;
  private final RpcHandler calls;
  private final CallRegistry lifecycle;
  private final Map<ReservedRoute, Route> reserved = new EnumMap<>(ReservedRoute.class);

  /** {@code metrics} null: no {@code _metrics} route (it is then an unknown module, 404). */
  public PrefixRouter(String prefix, RpcHandler calls, ClientAssetsHandler clientAssets, HealthHandler health,
      CallRegistry lifecycle, MetricsEndpoint metrics, OpenApiEndpoint openApi) {
    this.prefix = prefix;
    this.calls = calls;
    this.lifecycle = lifecycle;
    reserved.put(ReservedRoute.AUTH, calls::handleAuth);
    reserved.put(ReservedRoute.STREAMS, calls::handleStreams);
    reserved.put(ReservedRoute.CLIENT, (ctx, path) -> clientAssets.handle(ctx));
    reserved.put(ReservedRoute.HEALTH, (ctx, path) -> health.handle(ctx, path.twoSegments() ? path.method() : ""));
    if (metrics != null) {
      reserved.put(ReservedRoute.METRICS, onlySegment(ctx -> metrics.handle(ctx)));
    }
    reserved.put(ReservedRoute.OPENAPI, onlySegment(ctx -> openApi.handle(ctx)));
  }

  /** A route that is a single segment: anything below it is left to the module calls (a 404 there). */
  private Route onlySegment(Handler handler) {
    return (ctx, path) -> {
      if (path.twoSegments()) {
        calls.handle(ctx, path);
      } else {
        handler.handle(ctx);
      }
    };
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
  public void handle(Context ctx) throws Exception {
    CallPath path = CallPath.of(ctx, prefix);
    ReservedRoute route = ReservedRoute.of(path.module());
    if (route == null || route.drained()) {
      trackUntilComplete(ctx);
    }
    Route handler = route == null ? null : reserved.get(route);
    if (handler != null) {
      handler.handle(ctx, path);
    } else {
      calls.handle(ctx, path);
    }
  }
}
