package dev.poto.runtime.lifecycle;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens between "stop" and the closing of the stores, in plugin and server mode alike (Javalin
 * runs it on its {@code serverStopping} event, before Jetty stops):
 *
 * <ol>
 *   <li>readiness turns false ({@code _health/ready} answers 503) and open event streams end with an
 *       {@code error} event {@code 503 shutting_down} (the caller may call again, on another node);
 *   <li>the listening sockets close, and nothing else: a balancer's new connections are refused and it
 *       retries them on another node (a refused connection never carried the request, so even a POST
 *       is retried). Open connections stay open, because closing one that looks idle races the balancer
 *       sending a request on it, which it then answers with 502 (it never resends a POST it has written);
 *   <li>requests still arriving on open connections are served, and every answer from now on carries
 *       {@code Connection: close}, so each connection the balancer uses closes cleanly after its answer;
 *       idle ones are left for the balancer to close (its upstream keepalive timeout);
 *   <li>the drain ends when nothing runs and either no connection is open or none has carried a request
 *       for the quiet period (which therefore must be longer than the balancer's upstream keepalive
 *       timeout), at most after the drain timeout; whatever still runs then is cancelled
 *       ({@code 503 shutting_down} if its answer has not started).
 * </ol>
 *
 * Then Jetty stops and the runtime closes what it owns.
 */
public final class GracefulShutdown {
  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

  /** Asks the client to close the connection after this answer: added to every connector while draining. */
  private static final HttpConfiguration.Customizer CLOSE_AFTER_ANSWER = (request, responseHeaders) -> {
    responseHeaders.put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    return request;
  };

  /** A drain that cannot see the connections (no Jetty server known) assumes some are open. */
  private static final IntSupplier UNKNOWN_CONNECTIONS = () -> 1;

  private GracefulShutdown() {}

  /**
   * Drains {@code calls}; {@code jetty} (null when unknown) stops accepting connections first. Returns
   * once the calls are done and the connections closed (or quiet for {@code quietPeriod}), or once
   * {@code timeout} has passed.
   */
  public static void drain(CallRegistry calls, Duration timeout, Duration quietPeriod, Server jetty) {
    long start = System.nanoTime();
    if (!calls.startDraining()) {
      return;
    }
    int running = calls.active();
    IntSupplier openConnections = jetty == null ? UNKNOWN_CONNECTIONS : stopAccepting(jetty);
    boolean clean;
    try {
      clean = calls.awaitDrained(timeout, quietPeriod, openConnections);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      clean = false;
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    if (clean) {
      log.info("Poto drained in {} ms ({} calls were running)", millis, running);
    } else {
      log.warn("Poto drain timed out after {} ms; {} calls were cancelled", millis, calls.active());
    }
  }

  /**
   * Closes the listening sockets of {@code jetty} (only them: open connections stay, see above) and
   * makes every later answer ask for the connection to close. Returns how many connections are open.
   */
  static IntSupplier stopAccepting(Server jetty) {
    Connector[] connectors = jetty.getConnectors();
    for (Connector connector : connectors) {
      for (var factory : connector.getConnectionFactories()) {
        if (factory instanceof HttpConfiguration.ConnectionFactory http) {
          HttpConfiguration configuration = http.getHttpConfiguration();
          if (!configuration.getCustomizers().contains(CLOSE_AFTER_ANSWER)) {
            configuration.addCustomizer(CLOSE_AFTER_ANSWER);
          }
        }
      }
      if (connector instanceof NetworkConnector network && network.isOpen()) {
        closeListeningSocket(network);
      }
    }
    return () -> {
      int open = 0;
      for (Connector connector : connectors) {
        open += connector.getConnectedEndPoints().size();
      }
      return open;
    };
  }

  private static void closeListeningSocket(NetworkConnector network) {
    network.close();
    // A connector without acceptor threads leaves its channel to the selector: close it here.
    if (network.isOpen() && network.getTransport() instanceof Closeable channel) {
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("Closing the listening socket of {} failed", network, e);
      }
    }
  }
}
