package dev.poto.runtime.config;

import dev.poto.runtime.multiplex.StreamConnections;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.runtime.auth.AttemptStore;
import dev.poto.runtime.auth.AttemptStores;
import dev.poto.runtime.auth.BearerTokens;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.LoginLimits;
import dev.poto.runtime.auth.RefreshTokens;
import dev.poto.runtime.auth.TokenService;
import dev.poto.runtime.auth.UserProvider;
import dev.poto.runtime.dispatch.ModuleRegistry;
import dev.poto.runtime.guard.CallWatchdog;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.lifecycle.CallRegistry;
import dev.poto.runtime.observability.CallObservers;
import dev.poto.runtime.observability.ObservedSessionProvider;
import dev.poto.runtime.observability.RuntimeState;
import dev.poto.runtime.scheduling.SystemTaskScheduler;
import dev.poto.runtime.scheduling.TaskScheduler;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.stream.EventStreamWriter;
import dev.poto.runtime.stream.StreamMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The validated, immutable settings of one running Poto installation, and what it owns (session store,
 * shared stream connections, the calls being served). Request handling reads it; code inside a call
 * reaches the session store through its {@code RequestContext}.
 */
public final class PotoRuntime {
  private final String prefix;
  private final long maxBodyBytes;
  private final long maxUploadBytes;
  private final ObjectMapper mapper;
  private final TokenService tokens;
  private final BearerTokens bearerTokens;
  private final RefreshTokens refreshTokens;
  private final UserProvider userProvider;
  private final SessionProvider sessionProvider;
  private final LoginLimits loginLimits;
  private final AttemptStore attemptStore;
  private final Duration streamHeartbeat;
  private final Duration streamFlushDelay;
  private final StreamMetrics streamMetrics = new StreamMetrics();
  private final ModuleRegistry modules;
  private final CallRegistry calls = new CallRegistry();
  private final Duration drainTimeout;
  private final Duration drainQuietPeriod;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CallObservers observers;
  private final java.util.function.Supplier<String> metricsScrape;
  private final boolean openApi;
  private final StreamConnections streamConnections;
  private final SessionProvider callSessions;
  private final TaskScheduler scheduler;
  /** The scheduler this runtime created, closed last by {@link #close()}; null when one was given. */
  private final SystemTaskScheduler ownScheduler;
  private final CallWatchdog callWatchdog;
  private final DeadlineScheduler deadlines;
  private final EventStreamWriter streamWriter;

  private PotoRuntime(PotoConfig config) {
    // No thread yet: the timer thread starts with the first task, below, once the configuration is valid.
    this.ownScheduler = config.scheduler == null ? new SystemTaskScheduler() : null;
    this.scheduler = config.scheduler != null ? config.scheduler : ownScheduler;
    this.prefix = config.prefix;
    this.maxBodyBytes = config.maxBodyBytes;
    this.maxUploadBytes = config.maxUploadBytes;
    this.mapper = config.mapper != null ? config.mapper : PotoJson.newMapper();
    this.tokens = new TokenService(config.jwt.copy());
    this.bearerTokens = new BearerTokens(tokens, config.oidc == null ? null : config.oidc.copy(), scheduler);
    this.userProvider = config.userProvider;
    this.sessionProvider =
        config.sessionProvider != null ? config.sessionProvider : new InMemorySessionProvider();
    this.loginLimits = config.loginLimits.copy();
    this.attemptStore = AttemptStores.resolve(loginLimits.store(), sessionProvider);
    this.refreshTokens = refreshTokens(config.jwt, tokens, sessionProvider, userProvider);
    this.streamHeartbeat = config.streamHeartbeat;
    this.streamFlushDelay = config.streamFlushDelay;
    this.modules = ModuleRegistry.build(config.moduleInstances, config.dispatchers, mapper);
    this.drainTimeout = config.drainTimeout;
    this.drainQuietPeriod = config.drainQuietPeriod;
    this.metricsScrape = config.metricsScrape;
    this.openApi = config.openApi;
    this.observers = new CallObservers(config.observers);
    observers.bind(new RuntimeState(calls, streamMetrics, Optional.ofNullable(sessionProvider)));
    this.streamConnections = new StreamConnections(config.streamConnectionLimits);
    this.callSessions = observers.isEmpty() ? sessionProvider : new ObservedSessionProvider(sessionProvider, observers);
    // Last, once the configuration is known to be valid: the first task starts the timer thread.
    this.deadlines = new DeadlineScheduler(scheduler, Clock.systemUTC());
    this.callWatchdog = new CallWatchdog(scheduler, CallWatchdog.DEFAULT_TICK);
    this.streamWriter = new EventStreamWriter(
        streamHeartbeat, scheduler, streamMetrics, EventStreamWriter.DEFAULT_PUBLISHER_BATCH, streamFlushDelay);
    sessionProvider.start(scheduler);
  }

  /**
   * Validates {@code config} and resolves it: finds the generated dispatchers, checks the JWT secret.
   *
   * @throws IllegalStateException with a message that says what to fix
   */
  public static PotoRuntime create(PotoConfig config) {
    return new PotoRuntime(config);
  }

  private static RefreshTokens refreshTokens(JwtConfig jwt, TokenService tokens, SessionProvider sessions,
      UserProvider users) {
    boolean cookies = sessions instanceof EncryptedCookieSessionProvider;
    Boolean wanted = jwt.refreshTokensSetting();
    if (Boolean.TRUE.equals(wanted) && cookies) {
      throw new IllegalStateException("Refresh tokens need a server-side session store (in memory or Redis): "
          + "a cookie store cannot revoke a copied refresh token. Use another session provider, or jwt.refreshTokens(false)");
    }
    boolean enabled = wanted != null ? wanted : !cookies;
    return enabled
        ? new RefreshTokens(tokens, sessions, users, jwt.loginAccessExpiry(), jwt.refreshExpiry(), Clock.systemUTC())
        : null;
  }

  /** The route prefix, without a trailing slash ({@code ""} for the root). */
  public String prefix() {
    return prefix;
  }

  public long maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Largest accepted upload body (see {@link PotoConfig#maxUploadBytes}). */
  public long maxUploadBytes() {
    return maxUploadBytes;
  }

  public ObjectMapper mapper() {
    return mapper;
  }

  public TokenService tokens() {
    return tokens;
  }

  /** Verifies bearer tokens: Poto's own, and the OIDC provider's when one is configured. */
  public BearerTokens bearerTokens() {
    return bearerTokens;
  }

  /** Refresh tokens for named logins, unless they are off. */
  public Optional<RefreshTokens> refreshTokens() {
    return Optional.ofNullable(refreshTokens);
  }

  public Optional<UserProvider> userProvider() {
    return Optional.ofNullable(userProvider);
  }

  /** The session store: the configured one, or an in-memory one by default. */
  public Optional<SessionProvider> sessionProvider() {
    return Optional.ofNullable(sessionProvider);
  }

  /**
   * The session store as calls reach it: the store itself, or, with observers configured, a view that
   * reports each operation to them.
   */
  public SessionProvider callSessionProvider() {
    return callSessions;
  }

  public LoginLimits loginLimits() {
    return loginLimits;
  }

  /**
   * Where failed logins and visitor tokens are counted: the configured store, else the session
   * provider when it is one (Redis: shared by all nodes), else memory. A shared store that cannot be
   * reached is stood in for by counts on this node.
   */
  public AttemptStore attemptStore() {
    return attemptStore;
  }

  public Duration streamHeartbeat() {
    return streamHeartbeat;
  }

  /** How long a stream item may wait in the response buffer before it is flushed. */
  public Duration streamFlushDelay() {
    return streamFlushDelay;
  }

  /**
   * Counters of the event streams and binary bodies this runtime is writing; {@code open()} returns
   * to zero once every caller has finished or gone away.
   */
  public StreamMetrics streamMetrics() {
    return streamMetrics;
  }

  public ModuleRegistry modules() {
    return modules;
  }

  /** Who sees every request (access log, metrics, tracing). */
  public CallObservers observers() {
    return observers;
  }

  /** Whether {@code {prefix}/_openapi.json} is served. */
  public boolean openApi() {
    return openApi;
  }

  /** The Prometheus scrape behind {@code _metrics}, if configured. */
  public Optional<java.util.function.Supplier<String>> metricsScrape() {
    return Optional.ofNullable(metricsScrape);
  }

  /** The calls being served and the runtime's phase (serving, draining, stopped). */
  public CallRegistry calls() {
    return calls;
  }

  /** How long a graceful stop waits for running calls; see {@link PotoConfig#drainTimeout}. */
  public Duration drainTimeout() {
    return drainTimeout;
  }

  /** See {@link PotoConfig#drainQuietPeriod}. */
  public Duration drainQuietPeriod() {
    return drainQuietPeriod;
  }

  /** The open shared stream connections ({@code POST {prefix}/_streams}) and their limits. */
  public StreamConnections streamConnections() {
    return streamConnections;
  }

  /**
   * The one timer of this runtime: every delay it waits on runs here (see {@link PotoConfig#scheduler}).
   */
  public TaskScheduler scheduler() {
    return scheduler;
  }

  /** Writes every event stream of this runtime, with one heartbeat sweep for all of them. */
  public EventStreamWriter streamWriter() {
    return streamWriter;
  }

  /** Cancels calls whose {@code Poto-Timeout-Ms} deadline passed, on {@link #scheduler()}. */
  public DeadlineScheduler deadlines() {
    return deadlines;
  }

  /** Arms the disconnect watchers of calls that run longer than a tick, on {@link #scheduler()}. */
  public CallWatchdog callWatchdog() {
    return callWatchdog;
  }

  /**
   * Releases what the runtime owns: the shared stream connections (their streams are cancelled), the
   * session store (its sweeper, its connections), the key fetcher, the call watchdog and, last, the
   * scheduler it created (its timer thread ends; a scheduler given in the configuration is left to its
   * creator). Whoever created the runtime calls it once the server has stopped; later calls do nothing.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      calls.stopped();
      streamConnections.close();
      bearerTokens.close();
      try {
        sessionProvider.close();
      } catch (Exception e) {
        throw new IllegalStateException("Closing the session provider failed", e);
      }
    } finally {
      callWatchdog.close();
      if (ownScheduler != null) {
        ownScheduler.close();
      }
    }
  }
}
