package dev.poto.runtime.lifecycle;

import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.EndPoint;
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
    log.info("Poto is draining: no new connections; {} calls running, {} connections open", running,
        openConnections.getAsInt());
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
   * Closes the listening sockets of {@code jetty} (only them: open connections stay, see above), after
   * handing the connections queued in them to Jetty ({@link ListeningSocketCloser}), then makes every
   * later answer ask for the connection to close (not before: each such answer makes the balancer open
   * a new connection, which would still land in the queue). Returns how many connections are open.
   */
  static IntSupplier stopAccepting(Server jetty) {
    Connector[] connectors = jetty.getConnectors();
    List<SocketChannel> handedOver = new ArrayList<>();
    for (Connector connector : connectors) {
      if (connector instanceof NetworkConnector network && network.isOpen()) {
        handedOver.addAll(ListeningSocketCloser.close(network));
      }
    }
    for (Connector connector : connectors) {
      for (var factory : connector.getConnectionFactories()) {
        if (factory instanceof HttpConfiguration.ConnectionFactory http) {
          HttpConfiguration configuration = http.getHttpConfiguration();
          if (!configuration.getCustomizers().contains(CLOSE_AFTER_ANSWER)) {
            configuration.addCustomizer(CLOSE_AFTER_ANSWER);
          }
        }
      }
    }
    if (!handedOver.isEmpty()) {
      log.info("Poto accepted {} queued connections before closing its listening sockets", handedOver.size());
    }
    return () -> openConnections(connectors, handedOver);
  }

  /** Jetty's endpoints, plus the handed-over connections Jetty has not registered yet (nor closed). */
  private static int openConnections(Connector[] connectors, List<SocketChannel> handedOver) {
    int open = 0;
    Set<Object> registered = handedOver.isEmpty() ? Set.of() : new HashSet<>();
    for (Connector connector : connectors) {
      for (EndPoint endPoint : connector.getConnectedEndPoints()) {
        open++;
        if (!handedOver.isEmpty()) {
          registered.add(endPoint.getTransport());
        }
      }
    }
    for (SocketChannel channel : handedOver) {
      if (channel.isOpen() && !registered.contains(channel)) {
        open++;
      }
    }
    return open;
  }
}
