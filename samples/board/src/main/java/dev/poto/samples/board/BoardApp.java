package dev.poto.samples.board;

import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.observability.micrometer.PotoMetrics;
import dev.poto.runtime.observability.otel.PotoTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.GlobalOpenTelemetry;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.OidcConfig;
import dev.poto.runtime.tls.HttpsConnector;
import dev.poto.runtime.tls.TlsConfig;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import java.nio.file.Path;

/**
 * Starts the board: the page at {@code /} (from {@code src/main/resources/public/}), the API under
 * {@code /poto}, and the generated TypeScript client the page imports at {@code /poto/_client/}.
 * It is an ordinary Javalin app with Poto as a plugin, which is how Poto joins an existing app.
 * Settings come from the environment:
 * <ul>
 *   <li>{@code PORT}: where to listen (default 8080; 0 picks a free port)
 *   <li>{@code POTO_JWT_SECRET}: at least 32 bytes; without it a random development secret is used,
 *       so tokens do not survive a restart (the page then just logs in again as a new visitor)
 *   <li>{@code BOARD_ADMIN_PASSWORD}: enables the user {@code admin} (role admin); unset, there is no
 *       admin, because a default password would be a secret in the source
 *   <li>{@code OIDC_ISSUER}: also accept tokens of this OpenID Connect provider (its issuer URL, exactly as
 *       in the tokens' {@code iss}); then {@code OIDC_AUDIENCE} (required: the client id the provider puts
 *       in {@code aud}), {@code OIDC_ALGORITHMS} (comma-separated, default {@code RS256}) and
 *       {@code OIDC_ROLES_CLAIM} (e.g. {@code realm_access.roles} for Keycloak; a provider user with the
 *       role {@code admin} may clear the board)
 *   <li>{@code TLS}: {@code dev} serves HTTPS (with HTTP/2) with a self-signed development certificate
 *       for localhost, made once in {@code ~/.poto/dev-tls}; {@code pem} reads {@code TLS_CERT} (the
 *       chain) and {@code TLS_KEY} (PKCS#8); {@code pkcs12} reads {@code TLS_PKCS12} and
 *       {@code TLS_PKCS12_PASSWORD}. Unset: plain HTTP.
 * </ul>
 */
public final class BoardApp implements AutoCloseable {
  private final Javalin javalin;
  private final PotoPlugin poto;
  private final boolean https;
  private boolean stopped;

  private BoardApp(Javalin javalin, PotoPlugin poto, boolean https) {
    this.javalin = javalin;
    this.poto = poto;
    this.https = https;
  }

  public static void main(String[] args) {
    BoardApp app = start("0.0.0.0", intFromEnv("PORT", 8080), tlsFromEnv());
    System.out.printf(
        "Poto board is up: %s  (open it in a browser; the API: curl -X POST %spoto/board/info)%n",
        app.url(), app.url());
    Runtime.getRuntime().addShutdownHook(new Thread(app::stop, "board-shutdown"));
  }

  /** Builds and starts the board on all interfaces, on {@code port} (0 for a free one). */
  public static BoardApp start(int port) {
    return start("0.0.0.0", port);
  }

  /** Builds and starts the board on {@code host} (tests use 127.0.0.1) and {@code port}. */
  public static BoardApp start(String host, int port) {
    return start(host, port, null);
  }

  /**
   * Builds and starts the board on {@code host} and {@code port}, on HTTPS with HTTP/2 when
   * {@code tls} is given (Poto runs as a plugin here, so the app adds Poto's HTTPS connector itself).
   */
  public static BoardApp start(String host, int port, TlsConfig tls) {
    InMemoryUserProvider users = new InMemoryUserProvider();
    String adminPassword = System.getenv("BOARD_ADMIN_PASSWORD");
    if (adminPassword != null && !adminPassword.isBlank()) {
      users.addUser("admin", adminPassword, "admin");
    }
    String secret = System.getenv("POTO_JWT_SECRET");
    // Metrics at /poto/_metrics (Prometheus text), one access-log line per call, and a span per call
    // for whatever OpenTelemetry is installed (the Java agent, or nothing: then spans are no-ops).
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PotoPlugin poto = new PotoPlugin(config -> {
      config.module(new BoardModule()).userProvider(users)
          .accessLog()
          .observe(new PotoMetrics(metrics))
          .metricsEndpoint(metrics::scrape)
          .observe(new PotoTracing(GlobalOpenTelemetry.get()))
          .jwt(jwt -> {
            if (secret != null && !secret.isBlank()) {
              jwt.secret(secret);
            } else {
              jwt.randomDevelopmentSecret();
            }
          });
      String issuer = System.getenv("OIDC_ISSUER");
      if (issuer != null && !issuer.isBlank()) {
        config.oidc(oidc -> identityProvider(oidc, issuer.strip()));
      }
    });
    Javalin javalin = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = host;
      config.jetty.port = port;
      if (tls != null) {
        config.jetty.addConnector((server, http) -> HttpsConnector.create(server, http, tls, host, port));
      }
      config.staticFiles.add("/public", Location.CLASSPATH);
      config.registerPlugin(poto);
    });
    javalin.start();
    return new BoardApp(javalin, poto, tls != null);
  }

  /** The port actually bound. */
  public int port() {
    return javalin.port();
  }

  /** Where the page is, e.g. {@code http://localhost:8080/}. */
  public String url() {
    return (https ? "https" : "http") + "://localhost:" + port() + "/";
  }

  /**
   * Stops gracefully: the plugin drains (readiness off, streams ended, running calls finished) and
   * then closes the Poto runtime it created (its session provider).
   */
  public synchronized void stop() {
    if (!stopped) {
      stopped = true;
      javalin.stop();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /** Points the board at an OpenID Connect provider, from the OIDC_* environment variables. */
  private static void identityProvider(OidcConfig oidc, String issuer) {
    oidc.issuer(issuer).audience(requiredEnv("OIDC_AUDIENCE", "the client id in the tokens' aud"));
    String algorithms = System.getenv("OIDC_ALGORITHMS");
    if (algorithms != null && !algorithms.isBlank()) {
      oidc.algorithms(algorithms.strip().split("\\s*,\\s*"));
    }
    String roles = System.getenv("OIDC_ROLES_CLAIM");
    if (roles != null && !roles.isBlank()) {
      oidc.rolesClaim(roles.strip());
    }
  }

  private static TlsConfig tlsFromEnv() {
    String mode = System.getenv("TLS");
    if (mode == null || mode.isBlank()) {
      return null;
    }
    TlsConfig tls = new TlsConfig();
    return switch (mode.strip()) {
      case "dev" -> tls.developmentCertificate(Path.of(System.getProperty("user.home"), ".poto", "dev-tls"));
      case "pem" -> tls.pem(
          Path.of(requiredEnv("TLS_CERT", "the PEM certificate chain")),
          Path.of(requiredEnv("TLS_KEY", "the PEM PKCS#8 private key")));
      case "pkcs12" -> tls.pkcs12(
          Path.of(requiredEnv("TLS_PKCS12", "the PKCS#12 key store")),
          requiredEnv("TLS_PKCS12_PASSWORD", "the PKCS#12 password").toCharArray());
      default -> throw new IllegalArgumentException("TLS must be dev, pem or pkcs12, was '" + mode + "'");
    };
  }

  private static String requiredEnv(String name, String what) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must be set (" + what + ")");
    }
    return value.strip();
  }

  private static int intFromEnv(String name, int fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number, was '" + value + "'", e);
    }
  }
}
