package dev.poto.runtime.routing;

import dev.poto.protocol.Protocol;
import dev.poto.runtime.auth.AuthEndpoints;
import dev.poto.runtime.health.HealthHandler;
import dev.poto.runtime.http.ClientAssetsHandler;
import dev.poto.runtime.openapi.OpenApiEndpoint;

/**
 * The table of Poto's own endpoints under the prefix: every first path segment that is not a module.
 * {@link PrefixRouter} sends each to its handler and everything else to the module calls; module
 * routes cannot collide with these, because a module route never starts with '_'
 * ({@link Protocol#isValidRoute}).
 */
public enum ReservedRoute {
  /** {@code _auth/visitor}, {@code login}, {@code refresh}, {@code logout}: tokens. */
  AUTH(AuthEndpoints.ROUTE, true),
  /** {@code _streams/...}: browsers' shared stream connections. */
  STREAMS(Protocol.STREAMS_ROUTE, true),
  /** {@code _client/...}: the generated TypeScript client's files. */
  CLIENT(ClientAssetsHandler.ROUTE, true),
  /** {@code _health/live} and {@code _health/ready}: probes, never held up by a drain. */
  HEALTH(HealthHandler.ROUTE, false),
  /** {@code _metrics}: Prometheus text, when configured. */
  METRICS(MetricsEndpoint.ROUTE, true),
  /** {@code _openapi.json}: the OpenAPI document. */
  OPENAPI(OpenApiEndpoint.ROUTE, true);

  private final String segment;
  private final boolean drained;

  ReservedRoute(String segment, boolean drained) {
    this.segment = segment;
    this.drained = drained;
  }

  /** The first path segment below the prefix. */
  public String segment() {
    return segment;
  }

  /** Whether a graceful stop waits for this route's answers (probes must answer at once, draining or not). */
  public boolean drained() {
    return drained;
  }

  /** The reserved route a path's first segment names, or null for a module route (or nothing). */
  public static ReservedRoute of(String firstSegment) {
    if (firstSegment.isEmpty() || firstSegment.charAt(0) != '_') {
      return null; // the common case, a module call: no lookup
    }
    for (ReservedRoute route : values()) {
      if (route.segment.equals(firstSegment)) {
        return route;
      }
    }
    return null;
  }
}
