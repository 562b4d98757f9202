package dev.poto.runtime.observability.micrometer;

import dev.poto.runtime.auth.AuthEndpoints;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import dev.poto.runtime.observability.RuntimeState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics of a Poto server: {@code config.observe(new PotoMetrics(registry))}, with any
 * registry (Prometheus: add {@code config.metricsEndpoint(prometheusRegistry::scrape)}). Needs
 * {@code micrometer-core} on the class path; the runtime does not bring it.
 *
 * <ul>
 *   <li>{@value #CALLS}: a timer with a percentile histogram per {@code module}, {@code method},
 *       {@code status} and {@code code} (the problem code, {@code none} for a success): call counts,
 *       latency, failures such as {@code session_unavailable} (the session store was unreachable).
 *       Module and method are served names or {@code unknown}, never what a caller typed.
 *   <li>{@value #LOGINS}: logins by {@code kind} ({@code visitor}, {@code login}) and {@code outcome}
 *       ({@code success}, or the problem code: {@code invalid_credentials} for a failed login,
 *       {@code too_many_requests} for a throttled one, {@code server_busy}).
 *   <li>{@value #ACTIVE_CALLS}, {@value #OPEN_STREAMS}: gauges of calls running and event streams open.
 *   <li>{@value #SESSIONS}: gauge of the sessions the store holds, where it can count them.
 * </ul>
 */
public final class PotoMetrics implements CallObserver {
  public static final String CALLS = "poto.calls";
  public static final String LOGINS = "poto.logins";
  public static final String ACTIVE_CALLS = "poto.calls.active";
  public static final String OPEN_STREAMS = "poto.streams.open";
  public static final String SESSIONS = "poto.sessions";
  public static final String SESSION_OPERATIONS = "poto.session.operations";

  private final MeterRegistry registry;

  public PotoMetrics(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void bind(RuntimeState runtime) {
    Gauge.builder(ACTIVE_CALLS, runtime.calls(), calls -> calls.active())
        .description("Poto calls running")
        .register(registry);
    Gauge.builder(OPEN_STREAMS, runtime.streams(), streams -> streams.open())
        .description("Event streams and binary bodies being written")
        .register(registry);
    runtime.sessions().ifPresent(sessions -> Gauge.builder(SESSIONS, sessions, s -> sessionCount(s))
        .description("Sessions the store holds (NaN where it cannot count them)")
        .register(registry));
  }

  private static double sessionCount(dev.poto.runtime.session.SessionProvider sessions) {
    try {
      java.util.OptionalLong active = sessions.stats().activeSessions();
      return active.isPresent() ? active.getAsLong() : Double.NaN;
    } catch (RuntimeException e) {
      return Double.NaN; // an unreachable store has no count
    }
  }

  @Override
  public void sessionOperation(String operation, String outcome, java.time.Duration duration) {
    Timer.builder(SESSION_OPERATIONS)
        .description("Session store operations made by calls, by operation and outcome")
        .tags("operation", operation, "outcome", outcome)
        .register(registry)
        .record(duration);
  }

  @Override
  public Observation begin(CallRecord call) {
    return this::record;
  }

  private void record(CallRecord call) {
    String code = call.code() == null ? "none" : call.code();
    Timer.builder(CALLS)
        .description("Poto calls, by module, method, HTTP status and problem code")
        .tags("module", call.module(), "method", call.method(), "status", Integer.toString(call.status()), "code", code)
        .publishPercentileHistogram()
        .register(registry)
        .record(call.durationNanos(), TimeUnit.NANOSECONDS);
    if (AuthEndpoints.ROUTE.equals(call.module())) {
      Counter.builder(LOGINS)
          .description("Logins by kind and outcome")
          .tags("kind", call.method(), "outcome", call.code() == null ? "success" : call.code())
          .register(registry)
          .increment();
    }
  }
}
