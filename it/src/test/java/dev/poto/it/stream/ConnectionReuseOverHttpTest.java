package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated client's own connections kept between calls against the real server: a pulled stream
 * ({@code Stream}, {@code Iterator}, and {@code Flow.Publisher}, whose connection the server takes over
 * from Jetty and gives back after the stream) and a binary result read to their end leave the
 * connection for the next call, so many calls cost one connection; a stream that fails or is left
 * before its end costs a new one.
 */
class ConnectionReuseOverHttpTest {
  static StreamServer server;
  static final AtomicInteger opened = new AtomicInteger();
  static final Set<EndPoint> sockets = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void start() {
    server = new StreamServer();
    ServerConnector connector = (ServerConnector) server.server.javalin().jettyServer().server().getConnectors()[0];
    // Sockets (endpoints), not Jetty's connection objects: a pushed stream's socket goes back to a new one.
    connector.addBean(new Connection.Listener() {
      @Override
      public void onOpened(Connection connection) {
        if (sockets.add(connection.getEndPoint())) {
          opened.incrementAndGet();
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sequentialStreamsAndBinaryResultsShareOneConnection() throws Exception {
    try (PotoClient client = server.visitor()) {
      StreamModuleClient streams = new StreamModuleClient(client);
      streams.tagged(1).toList(); // the first call over the client's own connection opens it
      int before = opened.get();
      for (int i = 0; i < 20; i++) {
        assertThat(streams.tagged(3).toList()).hasSize(3);
        assertThat(streams.taggedIterator(2).toList()).hasSize(2);
        assertThat(streams.taggedPublisher(2).toList()).hasSize(2);
        assertThat(streams.empty().toList()).isEmpty();
        try (InputStream in = streams.generated(1000, i)) {
          assertThat(in.readAllBytes()).hasSize(1000);
        }
      }
      assertThat(opened.get() - before).as("connections opened for 100 calls").isZero();

      assertThatThrownBy(() -> streams.failAfterFirst().toList()).isInstanceOf(RpcException.class);
      try (Stream<Tagged> left = streams.tagged(1000)) {
        assertThat(left.findFirst()).isPresent();
      }
      assertThat(streams.tagged(1).toList()).hasSize(1);
      assertThat(streams.tagged(1).toList()).hasSize(1);
      assertThat(opened.get() - before).as("a new connection after an error frame and after one left early")
          .isEqualTo(2);
    }
  }
}
