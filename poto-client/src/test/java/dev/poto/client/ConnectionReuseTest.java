package dev.poto.client;

import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.param;
import static dev.poto.client.Methods.type;
import static dev.poto.client.RawHttpServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's own connections ({@link DirectTransport}) kept for later calls ({@link ConnectionPool}):
 * reused only after an answer read to its exact end, never after anything else, probed before reuse,
 * bounded, and closed with the client. The server counts the connections it accepts.
 */
@Timeout(30)
class ConnectionReuseTest {
  record Tick(int n, String label) {}

  private static final RpcMethod TICKS = method("clock", "ticks", type(Tick.class), ResultKind.STREAM);
  private static final RpcMethod DOWNLOAD = method("files", "download", type(InputStream.class),
      ResultKind.INPUT_STREAM, param("name", String.class));
  private static final String STREAM_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n";

  private RawHttpServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  private static byte[] frames(int count) {
    StringBuilder frames = new StringBuilder();
    for (int i = 0; i < count; i++) {
      frames.append("event: item\ndata: {\"n\":").append(i).append(",\"label\":\"t").append(i).append("\"}\n\n");
    }
    frames.append("event: end\ndata: {\"count\":").append(count).append("}\n\n");
    return frames.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A whole chunked stream of {@code count} items, its end frame and the last chunk, in one write. */
  private static void stream(OutputStream out, int count) throws IOException {
    byte[] frames = frames(count);
    out.write(ascii(STREAM_HEAD + Integer.toHexString(frames.length) + "\r\n"));
    out.write(frames);
    out.write(ascii("\r\n0\r\n\r\n"));
  }

  private static List<Tick> ticks(PotoClient client) {
    try (Stream<Tick> ticks = client.stream(TICKS)) {
      return ticks.toList();
    }
  }

  private static byte[] download(PotoClient client) throws IOException {
    try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
      return in.readAllBytes();
    }
  }

  private List<Integer> connections() {
    return server.requests().stream().map(RawHttpServer.Request::connection).toList();
  }

  @Test
  void streamsAndBinaryResultsReadToTheirEndShareOneConnection() throws Exception {
    server = new RawHttpServer((request, out, socket) -> {
      switch (request.header("Accept")) {
        case "text/event-stream" -> stream(out, 1);
        default -> {
          if (request.body().contains("chunked")) {
            out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
          } else {
            out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfghij"));
          }
        }
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      for (int i = 0; i < 3; i++) {
        assertThat(ticks(client)).containsExactly(new Tick(0, "t0"));
      }
      assertThat(download(client)).isEqualTo(ascii("fghij"));
      try (InputStream in = client.inputStream(DOWNLOAD, "chunked")) {
        assertThat(in.readAllBytes()).isEqualTo(ascii("abcde"));
      }
      assertThat(ticks(client)).hasSize(1);
      assertThat(client.idleConnections().idleCount("http://127.0.0.1:" + server.port())).isOne();
    }
    assertThat(server.accepted()).isOne();
    assertThat(connections()).containsOnly(1).hasSize(6);
    assertThat(server.awaitClosedByClient(1)).as("closing the client closes the kept connection").isTrue();
  }

  @Test
  void withoutIdleConnectionsEveryCallHasItsOwn() throws Exception {
    server = new RawHttpServer((request, out, socket) -> stream(out, 1)).keepAlive();
    try (PotoClient client = PotoClient.builder(server.baseUrl("http")).maxIdleConnections(0).build()) {
      for (int i = 0; i < 3; i++) {
        assertThat(ticks(client)).hasSize(1);
      }
      assertThat(server.awaitClosedByClient(3)).as("each closed once its stream ended").isTrue();
    }
    assertThat(connections()).containsExactly(1, 2, 3);
  }

  @Test
  void aStreamAbandonedBeforeItsEndClosesItsConnection() throws Exception {
    server = new RawHttpServer((request, out, socket) -> stream(out, 5)).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      try (Stream<Tick> ticks = client.stream(TICKS)) {
        assertThat(ticks.limit(2).toList()).hasSize(2); // the end frame is already in the client's buffer
      }
      assertThat(ticks(client)).hasSize(5);
      assertThat(ticks(client)).hasSize(5);
    }
    assertThat(connections()).containsExactly(1, 2, 2);
  }

  @Test
  void anInputStreamClosedBeforeItsEndClosesItsConnection() throws Exception {
    server = new RawHttpServer((request, out, socket) ->
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n0123456789"))).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
        assertThat(in.readNBytes(9)).isEqualTo(ascii("012345678")); // one byte left unread, though it arrived
      }
      assertThat(download(client)).hasSize(10);
      assertThat(download(client)).hasSize(10);
    }
    assertThat(connections()).containsExactly(1, 2, 2);
  }

  @Test
  void anErrorAnswerClosesItsConnection() throws Exception {
    String problem = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"code\":\"forbidden\"}";
    server = new RawHttpServer((request, out, socket) -> {
      if (request.connection() == 1) {
        out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Type: application/problem+json\r\nContent-Length: "
            + problem.length() + "\r\n\r\n" + problem));
      } else {
        stream(out, 1);
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(catchThrowableOfType(RpcException.class, () -> client.stream(TICKS)).code()).isEqualTo("forbidden");
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  @Test
  void aStreamEndingInAnErrorFrameClosesItsConnection() throws Exception {
    byte[] error = ascii("event: error\ndata: {\"status\":500,\"code\":\"internal\",\"title\":\"boom\"}\n\n");
    server = new RawHttpServer((request, out, socket) -> {
      if (request.connection() == 1) {
        out.write(ascii(STREAM_HEAD + Integer.toHexString(error.length) + "\r\n"));
        out.write(error);
        out.write(ascii("\r\n0\r\n\r\n"));
      } else {
        stream(out, 1);
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThatThrownBy(() -> ticks(client)).isInstanceOf(RpcException.class);
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  @Test
  void anAnswerThatSaysConnectionCloseIsNotReused() throws Exception {
    server = new RawHttpServer((request, out, socket) -> {
      byte[] frames = frames(1);
      out.write(ascii("HTTP/1.1 200 OK\r\nConnection: keep-alive, close\r\nContent-Type: text/event-stream\r\n"
          + "Content-Length: " + frames.length + "\r\n\r\n"));
      out.write(frames);
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(ticks(client)).hasSize(1);
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  @Test
  void anHttp10AnswerIsNotReused() throws Exception {
    server = new RawHttpServer((request, out, socket) ->
        out.write(ascii("HTTP/1.0 200 OK\r\nContent-Length: 3\r\n\r\nabc"))).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(download(client)).isEqualTo(ascii("abc"));
      assertThat(download(client)).isEqualTo(ascii("abc"));
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  @Test
  void bytesAfterTheEndFrameKeepTheConnectionFromReuse() throws Exception {
    server = new RawHttpServer((request, out, socket) -> {
      byte[] frames = frames(1);
      byte[] extra = ascii(": more\n\n");
      if (request.connection() == 1) {
        out.write(ascii(STREAM_HEAD + Integer.toHexString(frames.length) + "\r\n"));
        out.write(frames);
        out.write(ascii("\r\n" + Integer.toHexString(extra.length) + "\r\n"));
        out.write(extra);
        out.write(ascii("\r\n0\r\n\r\n"));
      } else {
        stream(out, 1);
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(ticks(client)).hasSize(1);
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  /** The server holds the last chunk back until the stream was consumed: the client stops waiting and closes. */
  @Test
  void anEndOfBodyThatDoesNotFollowTheEndFrameClosesTheConnection() throws Exception {
    CountDownLatch consumed = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      if (request.connection() == 1) {
        byte[] frames = frames(1);
        out.write(ascii(STREAM_HEAD + Integer.toHexString(frames.length) + "\r\n"));
        out.write(frames);
        out.write(ascii("\r\n"));
        out.flush();
        consumed.await(20, TimeUnit.SECONDS);
        out.write(ascii("0\r\n\r\n"));
      } else {
        stream(out, 1);
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(ticks(client)).hasSize(1);
      consumed.countDown();
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  /** A kept connection the server closed meanwhile (at its idle timeout, or restarting) is dropped, not used. */
  @Test
  void aKeptConnectionTheServerClosedIsNotUsed() throws Exception {
    for (boolean reset : new boolean[] {false, true}) {
      CountDownLatch closedByServer = new CountDownLatch(1);
      server = new RawHttpServer((request, out, socket) -> {
        stream(out, 1);
        if (request.connection() == 1) {
          out.flush();
          if (reset) {
            socket.setSoLinger(true, 0);
          }
          socket.close();
          closedByServer.countDown();
        }
      }).keepAlive();
      try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
        assertThat(ticks(client)).hasSize(1);
        assertThat(closedByServer.await(20, TimeUnit.SECONDS)).isTrue();
        assertThat(ticks(client)).as("reset: %s", reset).hasSize(1);
        assertThat(ticks(client)).hasSize(1);
      }
      assertThat(connections()).as("reset: %s", reset).containsExactly(1, 2, 2);
      server.close();
    }
  }

  /**
   * A kept connection that ends after the request went out, before any answer byte: the server may have
   * received the call, so it is not sent again (a POST must not run twice) and the call fails.
   */
  @Test
  void aKeptConnectionEndingAfterTheRequestWentOutFailsTheCallWithoutResendingIt() throws Exception {
    server = new RawHttpServer((request, out, socket) -> {
      if (server.requests().size() == 1) {
        stream(out, 1);
      } else {
        socket.close(); // read the call, then went away without answering
      }
    }).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(ticks(client)).hasSize(1);
      RpcException e = catchThrowableOfType(RpcException.class, () -> client.stream(TICKS));
      assertThat(e.code()).isEqualTo("transport_error");
      assertThat(e.getMessage()).contains("not sent again");
    }
    assertThat(connections()).containsExactly(1, 1);
  }

  /**
   * A kept connection that passes the probe but takes no byte of the request (here: its output shut,
   * as a reset connection refuses a write): the call goes once more on a new connection, and the server
   * gets it exactly once.
   */
  @Test
  void aCallWhoseWriteTookNoByteGoesOnceMoreOnANewConnection() throws Exception {
    CountDownLatch clientShutItsOutput = new CountDownLatch(1);
    CountDownLatch testOver = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      stream(out, 1);
      if (request.connection() == 1) {
        out.flush();
        if (socket.getInputStream().read() < 0) { // the client shut its output; this side stays open
          clientShutItsOutput.countDown();
        }
        testOver.await(20, TimeUnit.SECONDS);
      }
    }).keepAlive();
    String origin = "http://127.0.0.1:" + server.port();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      assertThat(ticks(client)).hasSize(1);
      ConnectionPool pool = client.idleConnections();
      Http1Connection kept = pool.take(origin);
      kept.socket().shutdownOutput();
      assertThat(pool.offer(kept)).isTrue();
      assertThat(clientShutItsOutput.await(20, TimeUnit.SECONDS)).isTrue();

      assertThat(ticks(client)).hasSize(1);
    } finally {
      testOver.countDown();
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  /** The write that finds the connection reset takes no byte of the request: the only case a call is sent again. */
  @Test
  void aWriteOnAResetConnectionSendsNothing() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(),
          listener.getLocalPort()));
      ConnectionPool pool = new ConnectionPool(1, Duration.ofSeconds(30));
      Http1Connection connection = new Http1Connection("http://test", channel, pool, c -> { });
      connection.ready(null);
      try (Socket accepted = listener.accept()) {
        accepted.setSoLinger(true, 0);
      }
      assertThatThrownBy(() -> channel.socket().getInputStream().read()).isInstanceOf(IOException.class);
      assertThat(connection.idleAndOpen()).isFalse();
      assertThatThrownBy(() -> connection.send(ascii("POST / HTTP/1.1\r\n\r\n"), new byte[0]))
          .isInstanceOf(Http1Connection.NothingSentException.class);
      connection.close();
    }
  }

  @Test
  void concurrentCallsHaveConnectionsOfTheirOwnAndTheKeptOnesAreBounded() throws Exception {
    int concurrent = 4;
    CountDownLatch allStarted = new CountDownLatch(concurrent);
    server = new RawHttpServer((request, out, socket) -> {
      if (request.connection() <= concurrent && server.requests().size() <= concurrent) {
        byte[] first = ascii("event: item\ndata: {\"n\":0,\"label\":\"t0\"}\n\n");
        out.write(ascii(STREAM_HEAD + Integer.toHexString(first.length) + "\r\n"));
        out.write(first);
        out.write(ascii("\r\n"));
        out.flush();
        allStarted.countDown();
        allStarted.await(20, TimeUnit.SECONDS); // every stream is open at once
        byte[] end = ascii("event: end\ndata: {\"count\":1}\n\n");
        out.write(ascii(Integer.toHexString(end.length) + "\r\n"));
        out.write(end);
        out.write(ascii("\r\n0\r\n\r\n"));
      } else {
        stream(out, 1);
      }
    }).keepAlive();
    ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    try (PotoClient client = PotoClient.builder(server.baseUrl("http")).maxIdleConnections(2).build()) {
      List<Future<List<Tick>>> calls = new ArrayList<>();
      for (int i = 0; i < concurrent; i++) {
        calls.add(callers.submit(() -> ticks(client)));
      }
      for (Future<List<Tick>> call : calls) {
        assertThat(call.get(20, TimeUnit.SECONDS)).hasSize(1);
      }
      assertThat(connections()).containsExactlyInAnyOrder(1, 2, 3, 4);
      assertThat(server.awaitClosedByClient(2)).as("the two beyond the bound are closed").isTrue();
      assertThat(client.idleConnections().idleCount("http://127.0.0.1:" + server.port())).isEqualTo(2);
      for (int i = 0; i < 3; i++) {
        assertThat(ticks(client)).hasSize(1);
      }
      assertThat(server.accepted()).isEqualTo(concurrent);
      assertThat(server.closedByClientNotAwaited()).isZero();
    } finally {
      callers.shutdownNow();
    }
    assertThat(server.awaitClosedByClient(2)).as("closing the client closes the two kept").isTrue();
  }

  @Test
  void aKeptConnectionIsClosedWhenItsIdleTimeRunsOut() throws Exception {
    server = new RawHttpServer((request, out, socket) -> stream(out, 1)).keepAlive();
    try (PotoClient client = PotoClient.builder(server.baseUrl("http"))
        .idleConnectionTimeout(Duration.ofMillis(50)).build()) {
      assertThat(ticks(client)).hasSize(1);
      assertThat(server.awaitClosedByClient(1)).as("closed by the client while it stays open").isTrue();
      assertThat(client.idleConnections().idleCount("http://127.0.0.1:" + server.port())).isZero();
      assertThat(ticks(client)).hasSize(1);
    }
    assertThat(connections()).containsExactly(1, 2);
  }

  @Test
  void theBuildersDefaultsAreTheClientsConstants() {
    try (PotoClient client = PotoClient.create("http://127.0.0.1:9")) {
      assertThat(client.idleConnections().maxIdle()).isEqualTo(PotoClient.DEFAULT_MAX_IDLE_CONNECTIONS);
      assertThat(client.idleConnections().idleTimeout()).isEqualTo(PotoClient.DEFAULT_IDLE_CONNECTION_TIMEOUT);
    }
    assertThatThrownBy(() -> PotoClient.builder("http://127.0.0.1:9").maxIdleConnections(-1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PotoClient.builder("http://127.0.0.1:9").idleConnectionTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Iterating by hand and leaving before the end keeps nothing either. */
  @Test
  void anIteratorLeftBeforeTheEndClosesItsConnection() throws Exception {
    server = new RawHttpServer((request, out, socket) -> stream(out, 3)).keepAlive();
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      try (Stream<Tick> ticks = client.stream(TICKS)) {
        Iterator<Tick> it = ticks.iterator();
        assertThat(it.next().n()).isZero();
      }
      assertThat(ticks(client)).hasSize(3);
    }
    assertThat(connections()).containsExactly(1, 2);
  }
}
