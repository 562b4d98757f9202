package dev.poto.runtime;

import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.LoginLimits;
import dev.poto.runtime.auth.OidcConfig;
import dev.poto.runtime.auth.UserProvider;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.session.SessionProvider;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.runtime.http.ProblemErrorHandler;
import dev.poto.runtime.tls.HttpsConnector;
import dev.poto.runtime.tls.TlsConfig;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Poto server: Javalin 7 on Jetty, every call on its own virtual thread.
 *
 * <pre>{@code
 * try (PotoServer server = PotoServer.create(config -> config
 *         .module(new TodoModule())
 *         .jwt(jwt -> jwt.secret(System.getenv("POTO_JWT_SECRET")))
 *         .port(8080))
 *     .start()) { ... }
 * }</pre>
 */
public final class PotoServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PotoServer.class);

  private final PotoRuntime runtime;
  private final Javalin javalin;
  private final String host;
  private final int configuredPort;
  private final boolean https;
  private boolean started;

  private PotoServer(PotoConfig config) {
    this.runtime = PotoRuntime.create(config);
    this.host = config.host();
    this.configuredPort = config.port();
    this.https = config.tlsConfig() != null;
    TlsConfig tls = config.tlsConfig();
    this.javalin =
        Javalin.create(
            javalinConfig -> {
              javalinConfig.concurrency.useVirtualThreads = true;
              javalinConfig.startup.showJavalinBanner = false;
              javalinConfig.startup.showOldJavalinVersionWarning = false;
              javalinConfig.jetty.host = host;
              javalinConfig.jetty.port = configuredPort;
              if (tls != null) {
                // Replaces the plain HTTP connector Javalin would add.
                javalinConfig.jetty.addConnector(
                    (server, http) -> HttpsConnector.create(server, http, tls, host, configuredPort));
              }
              javalinConfig.registerPlugin(new PotoPlugin(runtime));
              int backlog = config.acceptQueueSize();
              javalinConfig.jetty.modifyServer(server -> {
                server.addEventListener(new ConnectorDefaults(server, backlog, PotoConfig.DEFAULT_CONNECTION_IDLE_TIMEOUT));
                // Requests Jetty rejects itself (malformed HTTP) get problem+json too, not an HTML page.
                server.setErrorHandler(ProblemErrorHandler.everywhere());
              });
            });
  }

  /**
   * Configures and builds a server (not started yet).
   *
   * @throws IllegalStateException when the configuration cannot work (no JWT secret, a short one, a
   *     module without a generated dispatcher, two modules on one route)
   */
  public static PotoServer create(Consumer<PotoConfig> configure) {
    PotoConfig config = new PotoConfig();
    configure.accept(config);
    return new PotoServer(config);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Starts listening; returns this, for try-with-resources. */
  public synchronized PotoServer start() {
    if (started) {
      throw new IllegalStateException("This PotoServer has already been started");
    }
    javalin.start();
    started = true;
    log.info("Poto is listening on {}://{}:{}{}", https ? "https" : "http", host, javalin.port(), runtime.prefix());
    return this;
  }

  /** The port actually bound (useful with port 0); only after {@link #start}. */
  public int port() {
    if (!started) {
      throw new IllegalStateException("The server is not started, so it has no port yet");
    }
    return javalin.port();
  }

  public PotoRuntime runtime() {
    return runtime;
  }

  /** The underlying Javalin app, e.g. to read its Jetty server; add routes through {@link PotoPlugin} instead. */
  public Javalin javalin() {
    return javalin;
  }

  public synchronized void stop() {
    if (started) {
      javalin.stop();
      started = false;
      runtime.close();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Sets the listen backlog and the idle timeout on every connector just before Jetty opens them.
   * Jetty's default backlog (0, so the JDK's 50) makes the kernel drop a burst of new connections
   * beyond that: clients then see connect timeouts or connections closed before any answer. Its default
   * idle timeout races the clients' keep-alive ({@link PotoConfig#DEFAULT_CONNECTION_IDLE_TIMEOUT}).
   */
  private record ConnectorDefaults(Server server, int acceptQueueSize, Duration idleTimeout)
      implements LifeCycle.Listener {
    @Override
    public void lifeCycleStarting(LifeCycle event) {
      for (Connector connector : server.getConnectors()) {
        if (connector instanceof ServerConnector serverConnector) {
          if (serverConnector.getAcceptQueueSize() < acceptQueueSize) {
            serverConnector.setAcceptQueueSize(acceptQueueSize);
          }
          if (serverConnector.getIdleTimeout() < idleTimeout.toMillis()) {
            serverConnector.setIdleTimeout(idleTimeout.toMillis());
          }
        }
      }
    }
  }

  /** Fluent construction: {@code PotoServer.builder().module(m).jwtSecret(s).port(0).build()}. */
  public static final class Builder {
    private final PotoConfig config = new PotoConfig();

    private Builder() {}

    public Builder module(Object module) {
      config.module(module);
      return this;
    }

    public Builder module(ModuleDispatcher dispatcher) {
      config.module(dispatcher);
      return this;
    }

    public Builder prefix(String prefix) {
      config.prefix(prefix);
      return this;
    }

    public Builder host(String host) {
      config.host(host);
      return this;
    }

    public Builder port(int port) {
      config.port(port);
      return this;
    }

    public Builder maxBodyBytes(long maxBodyBytes) {
      config.maxBodyBytes(maxBodyBytes);
      return this;
    }

    public Builder maxUploadBytes(long maxUploadBytes) {
      config.maxUploadBytes(maxUploadBytes);
      return this;
    }

    public Builder jsonMapper(ObjectMapper mapper) {
      config.jsonMapper(mapper);
      return this;
    }

    public Builder jwt(Consumer<JwtConfig> configure) {
      config.jwt(configure);
      return this;
    }

    public Builder oidc(Consumer<OidcConfig> configure) {
      config.oidc(configure);
      return this;
    }

    public Builder userProvider(UserProvider userProvider) {
      config.userProvider(userProvider);
      return this;
    }

    public Builder loginLimits(Consumer<LoginLimits> configure) {
      config.loginLimits(configure);
      return this;
    }

    public Builder sessionProvider(SessionProvider sessionProvider) {
      config.sessionProvider(sessionProvider);
      return this;
    }

    /** HTTPS with HTTP/2; see {@link PotoConfig#tls}. */
    public Builder tls(Consumer<TlsConfig> configure) {
      config.tls(configure);
      return this;
    }

    public Builder streamHeartbeat(Duration interval) {
      config.streamHeartbeat(interval);
      return this;
    }

    /** Any other setting, Javalin style. */
    public Builder configure(Consumer<PotoConfig> configure) {
      Objects.requireNonNull(configure, "configure").accept(config);
      return this;
    }

    public PotoServer build() {
      return new PotoServer(config);
    }
  }
}
