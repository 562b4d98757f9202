package dev.poto.runtime.health;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.http.ProblemResponder;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * {@code GET {prefix}/_health/live} and {@code GET {prefix}/_health/ready}, for load balancers and
 * Kubernetes probes: plain JSON (not problem+json), no token, no request body, bounded work.
 *
 * <ul>
 *   <li>{@code live}: 200 {@code {"status":"up"}} while the process answers at all.
 *   <li>{@code ready}: 200 {@code {"status":"ready","draining":false,"sessions":"up"}}, or 503 with
 *       {@code "status":"not_ready"} while the server drains for a stop or while a session store that
 *       implements {@link HealthCheck} is unreachable ({@code "sessions":"down"}).
 * </ul>
 */
public final class HealthHandler {
  public static final String ROUTE = "_health";
  public static final String LIVE = "live";
  public static final String READY = "ready";

  private final PotoRuntime runtime;
  private final HealthCheck sessions;

  public HealthHandler(PotoRuntime runtime) {
    this.runtime = runtime;
    this.sessions = runtime.sessionProvider()
        .filter(HealthCheck.class::isInstance)
        .map(HealthCheck.class::cast)
        .orElse(null);
  }

  /** Answers {@code _health/<probe>}. */
  public void handle(Context ctx, String probe) {
    ctx.header("Cache-Control", "no-store");
    if (!HandlerType.GET.equals(ctx.method()) && !HandlerType.HEAD.equals(ctx.method())) {
      ctx.header("Allow", "GET, HEAD");
      ProblemResponder.send(ctx, 405, ProblemCodes.METHOD_NOT_ALLOWED,
          "Health probes use GET or HEAD, not " + ctx.method().name(), null);
      return;
    }
    switch (probe) {
      case LIVE -> answer(ctx, 200, "{\"status\":\"up\"}");
      case READY -> ready(ctx);
      default -> ProblemResponder.send(ctx, 404, ProblemCodes.UNKNOWN_METHOD,
          "No health probe by that name; use " + LIVE + " or " + READY, null);
    }
  }

  private void ready(Context ctx) {
    boolean draining = runtime.calls().draining();
    boolean sessionsUp = sessions == null || sessions.healthy();
    boolean ready = !draining && sessionsUp;
    answer(ctx, ready ? 200 : 503,
        "{\"status\":\"" + (ready ? "ready" : "not_ready") + "\",\"draining\":" + draining
            + ",\"sessions\":\"" + (sessions == null ? "not_checked" : sessionsUp ? "up" : "down") + "\"}");
  }

  private static void answer(Context ctx, int status, String json) {
    ctx.status(status);
    ctx.contentType(Protocol.JSON);
    ctx.result(json);
  }
}
