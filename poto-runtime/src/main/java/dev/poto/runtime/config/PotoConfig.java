package dev.poto.runtime.config;

import dev.poto.runtime.multiplex.StreamConnectionLimits;
import dev.poto.runtime.tls.TlsConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.LoginLimits;
import dev.poto.runtime.auth.OidcConfig;
import dev.poto.runtime.auth.UserProvider;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.observability.AccessLog;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.scheduling.SystemTaskScheduler;
import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.stream.EventStreamWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a Poto server or plugin serves and how. Filled once, before start; {@link PotoRuntime#create}
 * turns it into the immutable runtime (and validates it, e.g. the JWT secret).
 *
 * <pre>{@code
 * config.module(new TodoModule())
 *       .jwt(jwt -> jwt.secret(System.getenv("POTO_JWT_SECRET")))
 *       .userProvider(users);
 * }</pre>
 */
public final class PotoConfig {
  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** The stream defaults are the stream writer's: one source. */
  public static final Duration DEFAULT_STREAM_HEARTBEAT = EventStreamWriter.DEFAULT_HEARTBEAT;
  public static final Duration DEFAULT_STREAM_FLUSH_DELAY = EventStreamWriter.DEFAULT_FLUSH_DELAY;
  public static final long DEFAULT_MAX_UPLOAD_BYTES = 1L << 30;
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_HOST = "0.0.0.0";
  /** The listen backlog {@link dev.poto.runtime.PotoServer} asks for (the kernel may cap it, e.g. at somaxconn). */
  public static final int DEFAULT_ACCEPT_QUEUE_SIZE = 1024;
  /**
   * How long {@link dev.poto.runtime.PotoServer} keeps an idle connection open. Longer than the keep-alive
   * of the clients that call Poto (the JDK HttpClient under the generated Java client: 30 s; nginx's
   * upstream default: 60 s): a server that closes an idle connection at the instant its client sends a
   * call on it makes that call fail unanswered, and no client resends a POST. Jetty's own default is
   * 30 s, exactly the JDK client's, so such calls failed.
   */
  public static final Duration DEFAULT_CONNECTION_IDLE_TIMEOUT = Duration.ofSeconds(75);
  /** How long a stop waits for running calls before it cancels them. */
  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(30);
  /** How long a stop keeps serving after the last call that arrived while it drained. */
  public static final Duration DEFAULT_DRAIN_QUIET_PERIOD = Duration.ofMillis(500);

  final List<Object> moduleInstances = new ArrayList<>();
  final List<ModuleDispatcher> dispatchers = new ArrayList<>();
  String prefix = Protocol.DEFAULT_PREFIX;
  long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
  long maxUploadBytes = DEFAULT_MAX_UPLOAD_BYTES;
  ObjectMapper mapper;
  final JwtConfig jwt = new JwtConfig();
  OidcConfig oidc;
  final LoginLimits loginLimits = new LoginLimits();
  UserProvider userProvider;
  SessionProvider sessionProvider;
  Duration streamHeartbeat = DEFAULT_STREAM_HEARTBEAT;
  Duration streamFlushDelay = DEFAULT_STREAM_FLUSH_DELAY;
  String host = DEFAULT_HOST;
  int port = DEFAULT_PORT;
  int acceptQueueSize = DEFAULT_ACCEPT_QUEUE_SIZE;
  final List<CallObserver> observers = new ArrayList<>();
  java.util.function.Supplier<String> metricsScrape;
  boolean openApi = true;
  Duration drainTimeout = DEFAULT_DRAIN_TIMEOUT;
  Duration drainQuietPeriod = DEFAULT_DRAIN_QUIET_PERIOD;
  StreamConnectionLimits streamConnectionLimits = StreamConnectionLimits.DEFAULT;
  TlsConfig tls;
  TaskScheduler scheduler;

  /**
   * Serves a module instance through its generated dispatcher, found at startup through
   * {@code ServiceLoader<ModuleBinding>} (needs poto-processor on the annotation processor path).
   */
  public PotoConfig module(Object module) {
    Objects.requireNonNull(module, "module");
    if (module instanceof ModuleDispatcher dispatcher) {
      return module(dispatcher);
    }
    moduleInstances.add(module);
    return this;
  }

  /** Serves an explicitly built dispatcher (e.g. {@code new TodoModuleDispatcher(todo)}). */
  public PotoConfig module(ModuleDispatcher dispatcher) {
    dispatchers.add(Objects.requireNonNull(dispatcher, "dispatcher"));
    return this;
  }

  /** The path all Poto routes live under; default {@code /poto}. {@code ""} serves at the root. */
  public PotoConfig prefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    String trimmed = prefix.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (!trimmed.isEmpty() && !trimmed.startsWith("/")) {
      throw new IllegalArgumentException("The prefix must start with '/', was '" + prefix + "'");
    }
    if (trimmed.contains("{") || trimmed.contains("<") || trimmed.contains("*")) {
      throw new IllegalArgumentException("The prefix must be a plain path, was '" + prefix + "'");
    }
    this.prefix = trimmed;
    return this;
  }

  /** Largest accepted request body; bigger ones get 413. Default 1 MiB. */
  public PotoConfig maxBodyBytes(long maxBodyBytes) {
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("maxBodyBytes must not be negative, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    return this;
  }

  /**
   * Largest accepted upload (the body of a call to a method with an {@code Upload} parameter, which is
   * streamed to the method, never held); bigger ones get 413 {@code payload_too_large}, before the method
   * runs when the length is declared, else from the method's read that passes the limit. Default 1 GiB.
   */
  public PotoConfig maxUploadBytes(long maxUploadBytes) {
    if (maxUploadBytes < 0) {
      throw new IllegalArgumentException("maxUploadBytes must not be negative, was " + maxUploadBytes);
    }
    this.maxUploadBytes = maxUploadBytes;
    return this;
  }

  /**
   * The Jackson mapper for arguments and results; default {@link PotoJson#newMapper()}. Start from
   * that one when customizing, so the wire format stays what the clients expect.
   */
  public PotoConfig jsonMapper(ObjectMapper mapper) {
    this.mapper = Objects.requireNonNull(mapper, "mapper");
    return this;
  }

  /** JWT settings: secret (required, ≥ 32 bytes), issuer, expiry. */
  public PotoConfig jwt(Consumer<JwtConfig> configure) {
    configure.accept(jwt);
    return this;
  }

  /**
   * Also accept tokens of an external OpenID Connect provider (see {@link OidcConfig}); Poto's own
   * visitor and login tokens keep working beside them.
   */
  public PotoConfig oidc(Consumer<OidcConfig> configure) {
    if (oidc == null) {
      oidc = new OidcConfig();
    }
    configure.accept(oidc);
    return this;
  }

  /**
   * Limits on {@code _auth/login} and {@code _auth/visitor}: failed logins per user name and per
   * address, visitor tokens per address, concurrent password checks. Every one has a safe default.
   */
  public PotoConfig loginLimits(Consumer<LoginLimits> configure) {
    configure.accept(loginLimits);
    return this;
  }

  /** Where {@code _auth/login} finds named users; without one, login answers 401 for everybody. */
  public PotoConfig userProvider(UserProvider userProvider) {
    this.userProvider = Objects.requireNonNull(userProvider, "userProvider");
    return this;
  }

  /** Where per-user session data lives; reachable in calls through {@link PotoRuntime#sessionProvider()}. */
  public PotoConfig sessionProvider(SessionProvider sessionProvider) {
    this.sessionProvider = Objects.requireNonNull(sessionProvider, "sessionProvider");
    return this;
  }

  /** How often an idle event stream sends a {@code : ping} comment; default 15 s. */
  public PotoConfig streamHeartbeat(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("The heartbeat interval must be positive, was " + interval);
    }
    this.streamHeartbeat = interval;
    return this;
  }

  /**
   * How long a stream item may wait in the response buffer before it is flushed; default 5 ms. Items
   * are also flushed when a publisher has nothing more ready and when 16 KiB are waiting, so this
   * bounds the delay a slow producer's item can see; {@link Duration#ZERO} flushes every item (slow
   * for large streams).
   */
  public PotoConfig streamFlushDelay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("The flush delay must not be negative, was " + delay);
    }
    this.streamFlushDelay = delay;
    return this;
  }

  /** The interface {@link dev.poto.runtime.PotoServer} binds; default {@code 0.0.0.0}. Ignored by {@link dev.poto.runtime.PotoPlugin}. */
  /**
   * Bounds on shared stream connections, which the TypeScript client uses to carry a browser's
   * streams over one connection (default {@link StreamConnectionLimits#DEFAULT}).
   */
  public PotoConfig streamConnectionLimits(StreamConnectionLimits limits) {
    this.streamConnectionLimits = Objects.requireNonNull(limits, "limits");
    return this;
  }

  /**
   * The timer of every delay the runtime waits on (heartbeats, flushes, deadlines, the call watchdog,
   * session sweeps, OIDC key refreshes). By default the runtime creates a {@link SystemTaskScheduler}
   * (one platform thread) and closes it last when it closes; a scheduler given here belongs to whoever
   * created it, who closes it after the runtime. Tests pass a {@link dev.poto.runtime.scheduling.ManualScheduler}
   * to drive time.
   */
  public PotoConfig scheduler(TaskScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    return this;
  }

  /**
   * Serves HTTPS (with HTTP/2 by ALPN, HTTP/1.1 as the fallback) instead of plain HTTP, on the same
   * host and port; {@link dev.poto.runtime.PotoServer} only (an app with its own Javalin adds
   * {@link dev.poto.runtime.tls.HttpsConnector} itself). Cookies set over TLS are always {@code Secure}.
   */
  public PotoConfig tls(Consumer<TlsConfig> configure) {
    TlsConfig config = new TlsConfig();
    Objects.requireNonNull(configure, "configure").accept(config);
    this.tls = config;
    return this;
  }

  public PotoConfig host(String host) {
    this.host = Objects.requireNonNull(host, "host");
    return this;
  }

  /**
   * How many not-yet-accepted connections {@link dev.poto.runtime.PotoServer} lets the kernel queue; default 1024.
   * Beyond it, a burst of new connections is dropped. Ignored by {@link dev.poto.runtime.PotoPlugin}.
   */
  public PotoConfig acceptQueueSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("acceptQueueSize must be positive, was " + size);
    }
    this.acceptQueueSize = size;
    return this;
  }

  /** The port {@link dev.poto.runtime.PotoServer} listens on; default 8080, 0 picks a free one. Ignored by {@link dev.poto.runtime.PotoPlugin}. */
  public PotoConfig port(int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    this.port = port;
    return this;
  }

  /**
   * Graceful shutdown: how long a stop lets running unary calls finish before it cancels them (their
   * callers then get {@code 503 shutting_down}); default 30 s. Open streams are ended at once.
   */
  public PotoConfig drainTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("The drain timeout must not be negative, was " + timeout);
    }
    this.drainTimeout = timeout;
    return this;
  }

  /**
   * Graceful shutdown: the draining server closes only its listening socket; calls that still arrive on
   * open connections are served (each answer closes its connection), and idle connections are left for
   * their client to close. The drain ends once nothing runs and either no connection is left or none
   * has carried a call for this long, counted from the drain's start; default 500 ms, bounded by the
   * {@link #drainTimeout}. Behind a balancer that keeps connections alive, set it above the balancer's
   * upstream keepalive timeout (nginx: {@code keepalive_timeout} in the {@code upstream} block), so that
   * no connection it may still use is closed under it.
   */
  public PotoConfig drainQuietPeriod(Duration quietPeriod) {
    Objects.requireNonNull(quietPeriod, "quietPeriod");
    if (quietPeriod.isNegative()) {
      throw new IllegalArgumentException("The drain quiet period must not be negative, was " + quietPeriod);
    }
    this.drainQuietPeriod = quietPeriod;
    return this;
  }

  /**
   * Lets {@code observer} see every request under the prefix (metrics, tracing; see
   * {@code dev.poto.runtime.observability}). Observers run in the order added.
   */
  public PotoConfig observe(CallObserver observer) {
    observers.add(Objects.requireNonNull(observer, "observer"));
    return this;
  }

  /** Writes one access-log line per request (logger {@value AccessLog#LOGGER}, INFO). Off by default. */
  public PotoConfig accessLog() {
    return observe(new AccessLog());
  }

  /**
   * Serves {@code GET {prefix}/_metrics} with what {@code scrape} returns, in the Prometheus text
   * format: {@code config.metricsEndpoint(prometheusRegistry::scrape)}. Off by default. It needs no
   * token, like a probe: keep it off the public balancer (or off entirely and scrape otherwise).
   */
  public PotoConfig metricsEndpoint(java.util.function.Supplier<String> scrape) {
    this.metricsScrape = Objects.requireNonNull(scrape, "scrape");
    return this;
  }

  /** The host {@link dev.poto.runtime.PotoServer} binds to. */
  public String host() {
    return host;
  }

  /** The port {@link dev.poto.runtime.PotoServer} listens on (0: a free one). */
  public int port() {
    return port;
  }

  /** How many not-yet-accepted connections {@link dev.poto.runtime.PotoServer} lets the kernel queue. */
  public int acceptQueueSize() {
    return acceptQueueSize;
  }

  /** The TLS settings, or null for plain HTTP. */
  public TlsConfig tlsConfig() {
    return tls;
  }

  /**
   * Whether {@code GET {prefix}/_openapi.json} serves the OpenAPI document the processor wrote (on by
   * default, for development and API tools; it needs no token). {@code openApi(false)} turns it off,
   * e.g. in production when the API's shape should not be public.
   */
  public PotoConfig openApi(boolean serve) {
    this.openApi = serve;
    return this;
  }
}
