package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.nio.channels.SelectableChannel;
import org.eclipse.jetty.io.SelectorManager;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated client's own connections kept between calls against the real server: a pulled stream
 * ({@code Stream}, {@code Iterator}) and a binary result read to their end leave the connection for the
 * next call, so many calls cost one connection; a stream that fails or is left before its end costs a
 * new one, and so does a pushed stream ({@code Flow.Publisher}), whose answer over HTTP/1.1 says
 * {@code Connection: close} and ends with the connection (the server hands that connection over).
 */
class ConnectionReuseOverHttpTest {
  static StreamServer server;
  static final AtomicInteger opened = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = new StreamServer();
    ServerConnector connector = (ServerConnector) server.server.javalin().jettyServer().server().getConnectors()[0];
    // Sockets accepted, not Jetty's connection objects: a pushed stream's connection goes back to a new one.
    connector.addBean(new SelectorManager.AcceptListener() {
      @Override
      public void onAccepted(SelectableChannel channel) {
        opened.incrementAndGet();
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
        assertThat(streams.empty().toList()).isEmpty();
        try (InputStream in = streams.generated(1000, i)) {
          assertThat(in.readAllBytes()).hasSize(1000);
        }
      }
      assertThat(opened.get() - before).as("connections opened for 80 calls").isZero();

      assertThat(streams.taggedPublisher(2).toList()).hasSize(2); // on the kept connection, which then ends
      assertThat(streams.taggedPublisher(2).toList()).hasSize(2); // on a new one, which ends too
      assertThat(streams.tagged(1).toList()).hasSize(1); // a new one, kept
      assertThat(streams.tagged(1).toList()).hasSize(1);
      assertThat(opened.get() - before).as("a pushed stream's connection ends with it").isEqualTo(2);

      assertThatThrownBy(() -> streams.failAfterFirst().toList()).isInstanceOf(RpcException.class);
      try (Stream<Tagged> left = streams.tagged(1000)) {
        assertThat(left.findFirst()).isPresent();
      }
      assertThat(streams.tagged(1).toList()).hasSize(1);
      assertThat(streams.tagged(1).toList()).hasSize(1);
      assertThat(opened.get() - before).as("a new connection after an error frame and after one left early")
          .isEqualTo(4);
    }
  }
}
