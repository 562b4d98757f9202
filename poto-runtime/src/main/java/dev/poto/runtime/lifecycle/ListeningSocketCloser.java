package dev.poto.runtime.lifecycle;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connector's listening socket without resetting the connections the kernel has already
 * completed. Closing a listening socket resets every connection still in its accept queue, and a
 * balancer has usually written a request on such a connection already (its connect returned at the
 * handshake, long before the node accepts): it answers that request 502 and does not resend a POST.
 * Under load a node's accept queue is rarely empty, so a plain close loses calls.
 *
 * <p>So the acceptors stop first, this class takes the listening socket over, accepts everything
 * queued, hands it to Jetty like any accepted connection, and closes the socket the moment the queue
 * is empty: only a handshake that completes in the few microseconds between the last empty accept and
 * the close can still be reset.
 */
final class ListeningSocketCloser {
  private static final Logger log = LoggerFactory.getLogger(ListeningSocketCloser.class);
  /** How long to wait for Jetty's acceptor threads to leave their blocking accept. */
  private static final Duration TAKE_OVER_TIMEOUT = Duration.ofSeconds(2);
  private static final Duration WAKE_INTERVAL = Duration.ofMillis(20);

  private ListeningSocketCloser() {}

  /**
   * Closes the listening socket of {@code network}; returns the queued connections it handed to Jetty
   * (Jetty registers them on a selector a moment later: until then they are not among its endpoints).
   */
  static List<SocketChannel> close(NetworkConnector network) {
    List<SocketChannel> handedOver = new ArrayList<>();
    if (network instanceof ServerConnector connector
        && connector.getTransport() instanceof ServerSocketChannel channel
        && channel.isOpen()) {
      connector.setAccepting(false); // acceptor threads wait after their current accept; a selector stops accepting
      List<SocketChannel> wakers = new ArrayList<>();
      try {
        if (takeOver(channel, wakers)) {
          for (SocketChannel queued; (queued = channel.accept()) != null; ) {
            handOver(connector, queued);
            handedOver.add(queued);
          }
        }
      } catch (IOException e) {
        log.warn("Accepting the queued connections of {} failed", connector, e);
      } finally {
        closeQuietly(channel); // at once after the queue was found empty
        wakers.forEach(ListeningSocketCloser::closeQuietly);
      }
    }
    network.close();
    // A connector without acceptor threads leaves its channel to the selector: close it here.
    if (network.isOpen() && network.getTransport() instanceof Closeable channel) {
      closeQuietly(channel);
    }
    return handedOver;
  }

  /**
   * Makes {@code channel} non-blocking, which waits until no acceptor thread is inside a blocking
   * accept. An acceptor blocked there leaves once a connection arrives, so this opens connections of its
   * own (kept in {@code wakers}, closed by the caller without a byte sent) until it owns the channel.
   */
  private static boolean takeOver(ServerSocketChannel channel, List<SocketChannel> wakers) throws IOException {
    CompletableFuture<Void> nonBlocking = CompletableFuture.runAsync(() -> {
      try {
        channel.configureBlocking(false);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, task -> Thread.ofVirtual().name("poto-listener-takeover").start(task));
    InetSocketAddress local = reachable((InetSocketAddress) channel.getLocalAddress());
    long deadline = System.nanoTime() + TAKE_OVER_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        nonBlocking.get(WAKE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException stillBlocked) {
        wakers.add(SocketChannel.open(local));
      } catch (ExecutionException e) {
        throw new IOException("Cannot make the listening socket non-blocking", e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    log.warn("The acceptors of {} did not stop within {}; closing it with its queue", local, TAKE_OVER_TIMEOUT);
    return false;
  }

  /** The address to connect to: the wildcard address a socket may be bound to is not one. */
  private static InetSocketAddress reachable(InetSocketAddress bound) {
    return bound.getAddress().isAnyLocalAddress()
        ? new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort())
        : bound;
  }

  /** What Jetty does with a connection its acceptor took. */
  private static void handOver(ServerConnector connector, SocketChannel accepted) throws IOException {
    accepted.configureBlocking(false);
    accepted.setOption(StandardSocketOptions.TCP_NODELAY, connector.getAcceptedTcpNoDelay());
    connector.getSelectorManager().accept(accepted);
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      log.debug("Closing {} failed", closeable, e);
    }
  }
}
