package dev.poto.runtime.lifecycle;

import java.time.Duration;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens between "stop" and the closing of the stores, in plugin and server mode alike (Javalin
 * runs it on its {@code serverStopping} event, before Jetty stops):
 *
 * <ol>
 *   <li>readiness turns false ({@code _health/ready} answers 503);
 *   <li>the listening sockets close, so a balancer's new connections are refused and it retries them
 *       on another node (a refused connection never carried the request, so even a POST is retried);
 *       every answer from here on carries {@code Connection: close}, so the balancer drops its kept-alive
 *       connections to this node one by one instead of having them cut under a request;
 *   <li>open event streams end with an {@code error} event {@code 503 shutting_down} (the caller may
 *       call again, on another node); unary calls run to their end, within the drain timeout, and calls
 *       still arriving on open connections are served until none has come for the quiet period;
 *   <li>whatever still runs after the drain timeout is cancelled ({@code 503 shutting_down} if its
 *       answer has not started).
 * </ol>
 *
 * Then Jetty stops and the runtime closes what it owns.
 */
public final class GracefulShutdown {
  private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

  private GracefulShutdown() {}

  /**
   * Drains {@code calls}; {@code jetty} (null when unknown) stops accepting connections first.
   * Returns once the calls are done (and none has arrived for {@code quietPeriod}) or {@code timeout}
   * has passed.
   */
  public static void drain(CallRegistry calls, Duration timeout, Duration quietPeriod, Server jetty) {
    long start = System.nanoTime();
    if (calls.draining()) {
      return;
    }
    int running = calls.active();
    if (jetty != null) {
      stopAccepting(jetty);
    }
    boolean clean;
    try {
      clean = calls.drain(timeout, quietPeriod);
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
   * Closes the listening sockets without touching open connections: Jetty's graceful connector
   * shutdown, with the idle timeout of open connections left as it is (shortening it would close a
   * kept-alive connection just when a balancer might send on it).
   */
  private static void stopAccepting(Server jetty) {
    for (Connector connector : jetty.getConnectors()) {
      if (connector instanceof AbstractNetworkConnector network && network.isRunning()) {
        network.setShutdownIdleTimeout(-1);
        network.shutdown();
      }
    }
  }
}
