package dev.poto.runtime;

import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.dispatch.RegisteredModule;
import dev.poto.runtime.health.HealthHandler;
import dev.poto.runtime.lifecycle.GracefulShutdown;
import dev.poto.runtime.routing.MetricsEndpoint;
import dev.poto.runtime.http.ClientAssetsHandler;
import dev.poto.runtime.openapi.OpenApiEndpoint;
import dev.poto.runtime.routing.PrefixRouter;
import dev.poto.runtime.http.ProblemErrorHandler;
import dev.poto.runtime.http.ResultWriters;
import dev.poto.runtime.http.RpcHandler;
import io.javalin.config.JavalinState;
import io.javalin.http.HandlerType;
import io.javalin.plugin.Plugin;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Poto's routes for an existing Javalin app:
 *
 * <pre>{@code
 * Javalin.create(config -> {
 *   config.concurrency.useVirtualThreads = true;
 *   config.registerPlugin(new PotoPlugin(poto -> poto
 *       .module(new TodoModule())
 *       .jwt(jwt -> jwt.secret(secret))));
 * });
 * }</pre>
 *
 * Every request under the prefix, whatever its method, is answered by Poto (405 for non-POST, 404
 * problem+json for unknown paths), so clients never see Javalin's default error pages there. The
 * one exception is {@code GET {prefix}/_client/<file>}, the generated TypeScript client
 * ({@link ClientAssetsHandler}).
 * {@link PotoServer} is a thin wrapper that installs this plugin in a Javalin of its own.
 *
 * <p>When the app stops, the plugin drains first ({@link GracefulShutdown}: readiness false, no new
 * connections, open streams ended, running calls finished within the drain timeout) and, once Jetty
 * has stopped, closes the runtime it created (session store included). A runtime handed in by its
 * creator is left for that creator to close.
 */
public final class PotoPlugin extends Plugin<PotoConfig> {
  /** The HTTP methods routed to Poto under the prefix; everything but POST gets 405. */
  private static final List<HandlerType> METHODS =
      List.of(
          HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE,
          HandlerType.HEAD, HandlerType.OPTIONS, HandlerType.QUERY);

  private PotoRuntime runtime;
  private boolean ownsRuntime;
  private RpcHandler handler;
  private Server jetty;

  public PotoPlugin(Consumer<PotoConfig> configure) {
    super(Objects.requireNonNull(configure, "configure"), new PotoConfig());
  }

  /** For a runtime resolved in advance (how {@link PotoServer} uses it). */
  public PotoPlugin(PotoRuntime runtime) {
    super(config -> {}, new PotoConfig());
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public void onInitialize(JavalinState state) {
    if (runtime == null) {
      runtime = PotoRuntime.create(pluginConfig);
      ownsRuntime = true;
    }
    handler = new RpcHandler(runtime, ResultWriters.standard());
    String prefix = runtime.prefix();
    List<String> routes = runtime.modules().modules().stream().map(RegisteredModule::route).toList();
    ClientAssetsHandler clientAssets = new ClientAssetsHandler(prefix, routes, applicationClassLoader());
    PrefixRouter router =
        new PrefixRouter(prefix, handler, clientAssets, new HealthHandler(runtime), runtime.calls(),
            runtime.metricsScrape().map(MetricsEndpoint::new).orElse(null),
            new OpenApiEndpoint(prefix, runtime.openApi() ? routes : List.of(), applicationClassLoader()));
    for (String path : PrefixRouter.paths(prefix)) {
      for (HandlerType method : METHODS) {
        state.routes.addHttpHandler(method, path, router);
      }
      // Javalin routes by exact method name, so TRACE, PROPFIND, a lower-case "post" or any
      // unknown method would find no route and get Javalin's 404 page: answer them here instead.
      state.routes.before(path, ctx -> {
        if (!METHODS.contains(ctx.method())) {
          router.handle(ctx);
          ctx.skipRemainingHandlers();
        }
      });
    }
    // Malformed HTTP under the prefix gets problem+json too. Wrapped when the server starts, so the
    // application's own error handler (set in its own modifyServer, before or after this plugin) still
    // answers everything outside the prefix.
    state.jetty.modifyServer(server -> server.addEventListener(new PrefixErrorPages(server, prefix)));
    state.jetty.modifyServer(server -> jetty = server);
    // Open shared stream connections hold their handler threads until they close: close them (their
    // streams are cancelled, browsers reconnect elsewhere) before draining the other calls.
    state.events.serverStopping(() -> {
      runtime.streamConnections().close();
      GracefulShutdown.drain(runtime.calls(), runtime.drainTimeout(), runtime.drainQuietPeriod(), jetty);
    });
    state.events.serverStopped(this::stopped);
  }

  private void stopped() {
    handler.close();
    if (ownsRuntime) {
      runtime.close();
    }
  }

  private record PrefixErrorPages(Server server, String prefix) implements LifeCycle.Listener {
    @Override
    public void lifeCycleStarting(LifeCycle event) {
      server.setErrorHandler(ProblemErrorHandler.underPrefix(prefix, server.getErrorHandler()));
    }
  }

  private static ClassLoader applicationClassLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : PotoPlugin.class.getClassLoader();
  }

  @Override
  public String name() {
    return "poto";
  }

  /** The resolved runtime; available once Javalin has initialized the plugin. */
  public PotoRuntime runtime() {
    if (runtime == null) {
      throw new IllegalStateException("The Poto plugin has not been initialized by Javalin yet");
    }
    return runtime;
  }
}
