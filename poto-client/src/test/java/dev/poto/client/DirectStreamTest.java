package dev.poto.client;

import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.type;
import static dev.poto.client.RawHttpServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event streams over the client's own HTTP/1.1 connection ({@code Builder.directStreams}): the framing
 * at any chunking, and every way a stream ends early, against a server that writes raw bytes.
 * {@link PotoClientStreamTest} runs the stream contract itself through both paths.
 */
@Timeout(30)
class DirectStreamTest {
  record Tick(int n, String label) {}

  private static final RpcMethod TICKS = method("clock", "ticks", type(Tick.class), ResultKind.STREAM);
  private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
      + "Transfer-Encoding: chunked\r\n\r\n";

  private RawHttpServer server;

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  /** The frames of {@code count} items and the end, in chunks of {@code chunk} bytes that split frames anywhere. */
  private static void answer(OutputStream out, int count, int chunk, boolean complete) throws IOException {
    StringBuilder frames = new StringBuilder();
    for (int i = 0; i < count; i++) {
      frames.append("event: item\ndata: {\"n\":").append(i).append(",\"label\":\"é").append(i).append("\"}\n\n");
      if (i % 3 == 0) {
        frames.append(": ping\n\n");
      }
    }
    frames.append("event: end\ndata: {\"count\":").append(count).append("}\n\n");
    byte[] bytes = frames.toString().getBytes(StandardCharsets.UTF_8);
    int length = complete ? bytes.length : bytes.length / 2;
    out.write(ascii(HEAD));
    for (int at = 0; at < length; at += chunk) {
      int n = Math.min(chunk, length - at);
      out.write(ascii(Integer.toHexString(n) + "\r\n"));
      out.write(bytes, at, n);
      out.write(ascii("\r\n"));
      out.flush();
    }
    if (complete) {
      out.write(ascii("0\r\n\r\n"));
    }
  }

  /** Starts an answer with one item, flushed, and holds the connection open. */
  private static void oneItemThenHold(OutputStream out) throws IOException {
    byte[] item = ascii("event: item\ndata: {\"n\":1,\"label\":\"one\"}\n\n");
    out.write(ascii(HEAD + Integer.toHexString(item.length) + "\r\n"));
    out.write(item);
    out.write(ascii("\r\n"));
    out.flush();
  }

  private static List<Tick> expected(int count) {
    List<Tick> ticks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ticks.add(new Tick(i, "é" + i));
    }
    return ticks;
  }

  @Test
  void aStreamTravelsOverTheClientsOwnConnectionAtAnyChunking() throws Exception {
    for (int chunk : new int[] {1, 7, 4096}) {
      server = new RawHttpServer((request, out, socket) -> answer(out, 50, chunk, true));
      try (PotoClient client = PotoClient.create(server.baseUrl("http"));
          Stream<Tick> ticks = client.stream(TICKS)) {
        assertThat(ticks.toList()).as("chunks of %d bytes", chunk).isEqualTo(expected(50));
      }
      assertThat(server.requests().getFirst().direct()).isTrue();
      server.close();
    }
  }

  @Test
  void eachSwitchTurnsOffItsOwnKindOnly() throws Exception {
    server = new RawHttpServer((request, out, socket) -> answer(out, 20, 33, true));
    try (PotoClient jdkStreams = PotoClient.builder(server.baseUrl("http")).directStreams(false).build();
        PotoClient jdkBinary = PotoClient.builder(server.baseUrl("http")).directBinary(false).build()) {
      try (Stream<Tick> ticks = jdkStreams.stream(TICKS)) {
        assertThat(ticks.toList()).isEqualTo(expected(20));
      }
      try (Stream<Tick> ticks = jdkBinary.stream(TICKS)) {
        assertThat(ticks.toList()).isEqualTo(expected(20));
      }
    }
    assertThat(server.requests()).extracting(RawHttpServer.Request::direct).containsExactly(false, true);
  }

  @Test
  void theStreamsRequestCarriesTheSameHeadersAsThroughTheJdkClient() throws Exception {
    server = new RawHttpServer((request, out, socket) -> answer(out, 1, 64, true));
    CallOptions options = new CallOptions(Duration.ofSeconds(20), "req-1", Map.of("X-Tenant", "acme"));
    try (PotoClient direct = PotoClient.create(server.baseUrl("http"));
        PotoClient viaJdk = PotoClient.builder(server.baseUrl("http")).directStreams(false).build()) {
      for (PotoClient client : List.of(direct, viaJdk)) {
        try (Stream<Tick> ticks = client.withOptions(options).stream(TICKS)) {
          assertThat(ticks.toList()).hasSize(1);
        }
      }
    }
    RawHttpServer.Request own = server.requests().get(0);
    RawHttpServer.Request jdk = server.requests().get(1);
    assertThat(own.direct()).isTrue();
    assertThat(jdk.direct()).isFalse();
    assertThat(own.line()).isEqualTo(jdk.line()).isEqualTo("POST /poto/clock/ticks HTTP/1.1");
    assertThat(own.header("Accept")).isEqualTo("text/event-stream");
    assertThat(own.header("X-Tenant")).isEqualTo("acme");
    assertThat(own.header("Poto-Timeout-Ms")).isEqualTo("20000");
    assertThat(own.header("Poto-Request-Id")).isEqualTo("req-1");
    assertThat(own.body()).isEqualTo(jdk.body()).isEqualTo("{}");
    Map<String, String> ownHeaders = new java.util.HashMap<>(own.headers());
    Map<String, String> jdkHeaders = new java.util.HashMap<>(jdk.headers());
    for (String connectionOnly : List.of("connection", "user-agent", "host")) {
      ownHeaders.remove(connectionOnly);
      jdkHeaders.remove(connectionOnly);
    }
    assertThat(ownHeaders).isEqualTo(jdkHeaders);
  }

  @Test
  void aStreamWhoseConnectionEndsMidwayIsBroken() throws Exception {
    server = new RawHttpServer((request, out, socket) -> answer(out, 40, 64, false));
    try (PotoClient client = PotoClient.create(server.baseUrl("http"));
        Stream<Tick> ticks = client.stream(TICKS)) {
      RpcException e = catchThrowableOfType(RpcException.class, ticks::toList);
      assertThat(e.code()).isEqualTo("stream_broken");
    }
    assertThat(server.requests().getFirst().direct()).isTrue();
  }

  @Test
  void noHeadBeforeTheTimeoutIsDeadlineExceededAndClosesTheConnection() throws Exception {
    CountDownLatch serverSawClose = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      if (socket.getInputStream().read() < 0) {
        serverSawClose.countDown();
      }
    });
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      RpcException e = catchThrowableOfType(RpcException.class,
          () -> client.withTimeout(Duration.ofMillis(200)).stream(TICKS));
      assertThat(e.status()).isEqualTo(504);
      assertThat(e.code()).isEqualTo("deadline_exceeded");
    }
    assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(server.requests().getFirst().direct()).isTrue();
  }

  /** The call's timeout bounds the wait for the answer's head only: a slow stream is not cut short after it. */
  @Test
  void theTimeoutDoesNotCutAStreamWhoseHeadArrived() throws Exception {
    CountDownLatch firstItemRead = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      oneItemThenHold(out);
      firstItemRead.await(20, TimeUnit.SECONDS);
      byte[] rest = ascii("event: item\ndata: {\"n\":2,\"label\":\"two\"}\n\nevent: end\ndata: {\"count\":2}\n\n");
      out.write(ascii(Integer.toHexString(rest.length) + "\r\n"));
      out.write(rest);
      out.write(ascii("\r\n0\r\n\r\n"));
    });
    try (PotoClient client = PotoClient.create(server.baseUrl("http"));
        // A second for the head: a loaded machine still answers a local request within it.
        Stream<Tick> ticks = client.withTimeout(Duration.ofSeconds(1)).stream(TICKS)) {
      Iterator<Tick> it = ticks.iterator();
      assertThat(it.next().n()).isEqualTo(1);
      Thread.sleep(1_500); // past the timeout; the server holds the second item until then
      firstItemRead.countDown();
      assertThat(it.next().n()).isEqualTo(2);
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void interruptingAConsumerWaitingForAnItemCancelsTheStreamAndClosesTheConnection() throws Exception {
    CountDownLatch serverSawClose = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      oneItemThenHold(out);
      if (socket.getInputStream().read() < 0) {
        serverSawClose.countDown();
      }
    });
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      CompletableFuture<Throwable> failure = new CompletableFuture<>();
      CompletableFuture<Boolean> stillInterrupted = new CompletableFuture<>();
      Thread consumer = Thread.ofPlatform().start(() -> {
        try (Stream<Tick> ticks = client.stream(TICKS)) {
          Iterator<Tick> it = ticks.iterator();
          it.next();
          failure.complete(new AssertionError("hasNext returned " + it.hasNext()));
        } catch (Throwable e) {
          failure.complete(e);
        }
        stillInterrupted.complete(Thread.currentThread().isInterrupted());
      });
      while (!PotoClientStreamTest.waitsForInput(consumer)) {
        Thread.onSpinWait(); // until the consumer waits for the second item
      }
      consumer.interrupt();

      Throwable e = failure.get(20, TimeUnit.SECONDS);
      assertThat(e).isInstanceOf(RpcException.class);
      assertThat(((RpcException) e).code()).isEqualTo("cancelled");
      assertThat(stillInterrupted.get(20, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingTheClientEndsAStreamInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server = new RawHttpServer((request, out, socket) -> {
      oneItemThenHold(out);
      release.await(20, TimeUnit.SECONDS);
    });
    PotoClient client = PotoClient.create(server.baseUrl("http"));
    try (Stream<Tick> ticks = client.stream(TICKS)) {
      Iterator<Tick> it = ticks.iterator();
      assertThat(it.next().n()).isEqualTo(1);
      client.close();
      RpcException e = catchThrowableOfType(RpcException.class, it::hasNext);
      assertThat(e.code()).isEqualTo("stream_broken");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aClientWithAProxyReadsTheStreamThroughTheJdkClient() throws Exception {
    server = new RawHttpServer((request, out, socket) -> answer(out, 3, 16, true));
    HttpClient proxied = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port())))
        .build();
    try (PotoClient viaProxy = PotoClient.builder("http://clock.example:81").httpClient(proxied).build();
        Stream<Tick> ticks = viaProxy.stream(TICKS)) {
      assertThat(ticks.toList()).isEqualTo(expected(3));
    }
    RawHttpServer.Request request = server.requests().getFirst();
    assertThat(request.line()).isEqualTo("POST http://clock.example:81/poto/clock/ticks HTTP/1.1");
    assertThat(request.direct()).isFalse();
  }

  @Test
  void aProblemAnswerInsteadOfAStreamIsTheTypedFailure() throws Exception {
    String problem = "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"code\":\"forbidden\","
        + "\"detail\":\"needs role admin\"}";
    server = new RawHttpServer((request, out, socket) -> {
      out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Type: application/problem+json\r\nContent-Length: "
          + problem.length() + "\r\n\r\n" + problem));
    });
    try (PotoClient client = PotoClient.create(server.baseUrl("http"))) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> client.stream(TICKS));
      assertThat(e.status()).isEqualTo(403);
      assertThat(e.code()).isEqualTo("forbidden");
      assertThat(e.getMessage()).contains("needs role admin");
    }
    assertThat(server.requests().getFirst().direct()).isTrue();
  }
}
