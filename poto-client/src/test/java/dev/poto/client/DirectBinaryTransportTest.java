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
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code InputStream} results read over the client's own HTTP/1.1 connection ({@link DirectTransport}):
 * every framing, every way a body can break, timeouts, cancellation and when the JDK client takes over.
 */
@Timeout(30)
class DirectBinaryTransportTest {
  private static final RpcMethod DOWNLOAD = method("files", "download", type(InputStream.class), ResultKind.INPUT_STREAM,
      param("name", String.class));

  private final byte[] payload = new byte[200_003];
  private RawHttpServer server;
  private PotoClient client;

  DirectBinaryTransportTest() {
    new Random(7).nextBytes(payload);
  }

  private void serve(RawHttpServer.Answer answer) throws IOException {
    server = new RawHttpServer(answer);
    client = PotoClient.create(server.baseUrl("http"));
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private byte[] download() throws IOException {
    try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
      return in.readAllBytes();
    }
  }

  private static void head(OutputStream out, String head) throws IOException {
    out.write(ascii(head + "\r\n"));
  }

  @Test
  void aContentLengthBodyArrivesExactlyOverTheClientsOwnConnection() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + payload.length + "\r\n");
      out.write(payload);
    });

    assertThat(download()).isEqualTo(payload);
    RawHttpServer.Request request = server.requests().getFirst();
    assertThat(request.direct()).isTrue();
    assertThat(request.line()).isEqualTo("POST /poto/files/download HTTP/1.1");
    assertThat(request.body()).isEqualTo("{\"name\":\"a.bin\"}");
    assertThat(request.header("Host")).isEqualTo("127.0.0.1:" + server.port());
    // Told the connection closes after the answer, a server may end a body of unknown length by closing
    // it, and a body cut short would look whole.
    assertThat(request.header("Connection")).isNull();
  }

  @Test
  void theRequestCarriesTheSameHeadersAsThroughTheJdkClient() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\nSet-Cookie: jar=kept; Path=/\r\n");
      out.write(new byte[] {1, 2, 3});
    });
    PotoClient viaJdk = PotoClient.builder(server.baseUrl("http")).directBinary(false).build();
    try (viaJdk) {
      for (PotoClient each : new PotoClient[] {client, viaJdk}) {
        PotoClient call = each.withOptions(new CallOptions(Duration.ofSeconds(20), "req-1", Map.of("X-Tenant", "acme")));
        call.inputStream(DOWNLOAD, "a.bin").close(); // sets the cookie
        try (InputStream in = call.inputStream(DOWNLOAD, "a.bin")) {
          assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
      }
    }

    RawHttpServer.Request direct = server.requests().get(1);
    RawHttpServer.Request jdk = server.requests().get(3);
    assertThat(direct.direct()).isTrue();
    assertThat(jdk.direct()).isFalse();
    assertThat(direct.header("Cookie")).isEqualTo("jar=kept");
    assertThat(direct.header("Poto-Timeout-Ms")).isEqualTo("20000");
    assertThat(withoutConnectionHeaders(direct.headers())).isEqualTo(withoutConnectionHeaders(jdk.headers()));
  }

  /** What only describes the connection or the client program differs between the two on purpose. */
  private static Map<String, String> withoutConnectionHeaders(Map<String, String> headers) {
    Map<String, String> rest = new HashMap<>(headers);
    rest.keySet().removeAll(java.util.Set.of("connection", "user-agent", "host"));
    return rest;
  }

  @Test
  void chunksOfOddSizesWithExtensionsAndTrailersArriveExactly() throws Exception {
    int[] sizes = {1, 0xABC, 3, 65_536, 7, 100_000};
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      int at = 0;
      for (int i = 0; i < sizes.length; i++) {
        String size = Integer.toHexString(sizes[i]);
        out.write(ascii((i % 2 == 0 ? size.toUpperCase() : size) + (i == 1 ? ";name=\"v;x\"" : "") + "\r\n"));
        out.write(payload, at, sizes[i]);
        out.write(ascii("\r\n"));
        out.flush();
        at += sizes[i];
      }
      out.write(payload, at, 0);
      out.write(ascii("0;last\r\nX-Checksum: 1\r\nX-Other: 2\r\n\r\n"));
    });
    int total = Arrays.stream(sizes).sum();

    byte[] got;
    try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      byte[] small = new byte[1000]; // reads smaller and larger than the chunks
      int n;
      while ((n = in.read(small, 0, bytes.size() % 2 == 0 ? 1000 : 1)) >= 0) {
        bytes.write(small, 0, n);
      }
      got = bytes.toByteArray();
    }
    assertThat(got).isEqualTo(Arrays.copyOf(payload, total));
  }

  @Test
  void aBodyUntilTheConnectionEndsIsReadToItsEnd() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n");
      out.write(payload);
    });

    assertThat(download()).isEqualTo(payload);
  }

  @Test
  void aContentLengthBodyCutShortFailsInsteadOfEndingShort() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n");
      out.write(payload, 0, 1000);
    });

    assertThatThrownBy(this::download).isInstanceOf(EOFException.class).hasMessageContaining("before the end of the body");
  }

  @Test
  void aChunkCutShortFails() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      out.write(ascii("400\r\n"));
      out.write(payload, 0, 100);
    });

    assertThatThrownBy(this::download).isInstanceOf(EOFException.class).hasMessageContaining("chunk");
  }

  @Test
  void aChunkedBodyWithoutItsLastChunkFails() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      out.write(ascii("4\r\nabcd\r\n"));
    });

    assertThatThrownBy(this::download).isInstanceOf(EOFException.class);
  }

  @Test
  void aMalformedChunkSizeFails() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      out.write(ascii("4x\r\nabcd\r\n0\r\n\r\n"));
    });

    assertThatThrownBy(this::download).isInstanceOf(java.net.ProtocolException.class).hasMessageContaining("chunk size");
  }

  @Test
  void aChunkLongerThanItsSizeFails() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      out.write(ascii("2\r\nabcd\r\n0\r\n\r\n"));
    });

    assertThatThrownBy(this::download).isInstanceOf(java.net.ProtocolException.class);
  }

  @Test
  void aSlowBodyIsHandedOverAsItArrives() throws Exception {
    CountDownLatch firstPartRead = new CountDownLatch(1);
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      out.write(ascii("5\r\nfirst\r\n"));
      out.flush();
      if (!firstPartRead.await(20, TimeUnit.SECONDS)) {
        return; // the client waited for more than was sent: the test fails below
      }
      out.write(ascii("6\r\nsecond\r\n0\r\n\r\n"));
    });

    try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
      byte[] buffer = new byte[64 * 1024];
      int n = in.read(buffer);
      assertThat(new String(buffer, 0, n)).isEqualTo("first");
      firstPartRead.countDown();
      assertThat(new String(in.readAllBytes())).isEqualTo("second");
    }
  }

  @Test
  void aProblemAnswerBecomesTheTypedFailure() throws Exception {
    String problem = FakeServer.problemJson(404, "not_found", "no such file", "req-77");
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 404 Not Found\r\nContent-Type: application/problem+json\r\nPoto-Request-Id: req-77\r\n"
          + "Transfer-Encoding: chunked\r\n");
      out.write(ascii(Integer.toHexString(10) + "\r\n" + problem.substring(0, 10) + "\r\n"));
      out.write(ascii(Integer.toHexString(problem.length() - 10) + "\r\n" + problem.substring(10) + "\r\n0\r\n\r\n"));
    });

    RpcException e = catchThrowableOfType(RpcException.class, this::download);

    assertThat(e.status()).isEqualTo(404);
    assertThat(e.code()).isEqualTo("not_found");
    assertThat(e.requestId()).isEqualTo("req-77");
  }

  @Test
  void anExpiredVisitorIsRenewedAndTheCallRetriedOverItsOwnConnection() throws Exception {
    serve((request, out, socket) -> {
      if (request.line().contains("_auth/visitor")) {
        String n = Integer.toString(server.requests().size());
        String login = "{\"token\":\"t" + n + "\",\"userId\":\"u" + n + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}";
        head(out, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + login.length() + "\r\n");
        out.write(ascii(login));
      } else if ("Bearer t1".equals(request.header("Authorization"))) {
        String problem = FakeServer.problemJson(401, "token_expired", "expired", "r");
        head(out, "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nContent-Length: "
            + problem.length() + "\r\n");
        out.write(ascii(problem));
      } else {
        head(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
        out.write(ascii("ok"));
      }
    });
    client.loginAsVisitor();

    assertThat(new String(download())).isEqualTo("ok");
    assertThat(server.requests()).extracting(r -> r.header("Authorization"))
        .containsExactly(null, "Bearer t1", null, "Bearer t3");
  }

  @Test
  void noHeadBeforeTheTimeoutIsDeadlineExceededAndClosesTheConnection() throws Exception {
    CountDownLatch serverSawClose = new CountDownLatch(1);
    serve((request, out, socket) -> {
      if (socket.getInputStream().read() < 0) {
        serverSawClose.countDown();
      }
    });

    RpcException e = catchThrowableOfType(RpcException.class,
        () -> client.withTimeout(Duration.ofMillis(200)).inputStream(DOWNLOAD, "a.bin"));

    assertThat(e.status()).isEqualTo(504);
    assertThat(e.code()).isEqualTo("deadline_exceeded");
    assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void interruptingTheWaitingThreadCancelsTheCall() throws Exception {
    CountDownLatch requestArrived = new CountDownLatch(1);
    CountDownLatch serverSawClose = new CountDownLatch(1);
    serve((request, out, socket) -> {
      requestArrived.countDown();
      if (socket.getInputStream().read() < 0) {
        serverSawClose.countDown();
      }
    });
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread caller = Thread.ofPlatform().start(() -> {
      try {
        client.inputStream(DOWNLOAD, "a.bin").close();
      } catch (Throwable t) {
        failure.set(t);
        stillInterrupted.set(Thread.currentThread().isInterrupted());
      }
    });
    assertThat(requestArrived.await(20, TimeUnit.SECONDS)).isTrue();
    caller.interrupt();
    caller.join(20_000);

    assertThat(failure.get()).isInstanceOf(RpcException.class);
    assertThat(((RpcException) failure.get()).code()).isEqualTo("cancelled");
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(serverSawClose.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void closingTheBodyEarlyClosesTheConnection() throws Exception {
    CountDownLatch serverWriteFailed = new CountDownLatch(1);
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n");
      try {
        while (true) {
          out.write(ascii("10000\r\n"));
          out.write(payload, 0, 0x10000);
          out.write(ascii("\r\n"));
        }
      } catch (IOException e) {
        serverWriteFailed.countDown();
      }
    });

    InputStream in = client.inputStream(DOWNLOAD, "a.bin");
    assertThat(in.readNBytes(100_000)).hasSize(100_000);
    in.close();

    assertThat(serverWriteFailed.await(20, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("closed");
  }

  @Test
  void closingTheClientEndsABodyInFlight() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n");
      out.write(new byte[10]);
      out.flush();
      release.await(20, TimeUnit.SECONDS);
    });

    InputStream in = client.inputStream(DOWNLOAD, "a.bin");
    assertThat(in.readNBytes(10)).hasSize(10);
    client.close();

    assertThatThrownBy(() -> in.readNBytes(90)).isInstanceOf(IOException.class);
    release.countDown();
  }

  @Test
  void anAnswerThatIsNotHttpIsATransportError() throws Exception {
    serve((request, out, socket) -> out.write(ascii("SSH-2.0-OpenSSH\r\n\r\n")));

    RpcException e = catchThrowableOfType(RpcException.class, this::download);

    assertThat(e.status()).isEqualTo(503);
    assertThat(e.code()).isEqualTo("transport_error");
    assertThat(e.getMessage()).contains("not an HTTP/1.1 status line");
  }

  @Test
  void aConnectionClosedWithoutAnAnswerIsATransportError() throws Exception {
    serve((request, out, socket) -> {});

    RpcException e = catchThrowableOfType(RpcException.class, this::download);

    assertThat(e.code()).isEqualTo("transport_error");
  }

  @Test
  void informationalAnswersBeforeTheRealOneAreSkipped() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 100 Continue\r\n");
      head(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
      out.write(ascii("hi"));
    });

    assertThat(new String(download())).isEqualTo("hi");
  }

  @Test
  void aClientWithAProxyReadsThroughTheJdkClient() throws Exception {
    serve((request, out, socket) -> {
      head(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n");
      out.write(ascii("hi"));
    });
    HttpClient proxied = HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", server.port())))
        .build();
    try (PotoClient viaProxy = PotoClient.builder("http://files.example:81").httpClient(proxied).build();
        InputStream in = viaProxy.inputStream(DOWNLOAD, "a.bin")) {
      assertThat(new String(in.readAllBytes())).isEqualTo("hi");
    }

    RawHttpServer.Request request = server.requests().getFirst();
    assertThat(request.line()).isEqualTo("POST http://files.example:81/poto/files/download HTTP/1.1");
    assertThat(request.direct()).isFalse();
  }
}
