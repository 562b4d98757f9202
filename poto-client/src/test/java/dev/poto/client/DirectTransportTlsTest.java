package dev.poto.client;

import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.param;
import static dev.poto.client.Methods.type;
import static dev.poto.client.RawHttpServer.ascii;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link DirectTransport} over TLS: the HttpClient's trust, host name checks, and handing over to it. */
@Timeout(30)
class DirectTransportTlsTest {
  private static final RpcMethod DOWNLOAD = method("files", "download", type(InputStream.class), ResultKind.INPUT_STREAM,
      param("name", String.class));
  private static final char[] PASSWORD = "changeit".toCharArray();

  private static SSLContext serverContext;
  private static SSLContext clientContext;

  private final byte[] payload = new byte[300_001];
  private final List<String> offeredProtocols = new CopyOnWriteArrayList<>();
  private RawHttpServer server;

  /** A certificate for the name localhost only (not for 127.0.0.1), made with the JDK's keytool. */
  @BeforeAll
  static void certificate() throws Exception {
    Path directory = Files.createDirectories(Path.of("target", "direct-binary-tls"));
    Path store = directory.resolve("server.p12");
    if (!Files.exists(store)) {
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "30",
          "-storetype", "PKCS12", "-keystore", store.toString(), "-storepass", new String(PASSWORD))
          .redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      assertThat(process.waitFor()).as(output).isZero();
    }
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      keys.load(in, PASSWORD);
    }
    KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(keys, PASSWORD);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(keyManagers.getKeyManagers(), null, null);
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", keys.getCertificate("server"));
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    clientContext = SSLContext.getInstance("TLS");
    clientContext.init(null, trustManagers.getTrustManagers(), null);
  }

  /** A TLS server; {@code http2Only} refuses a client that offers HTTP/1.1 alone, as a server of HTTP/2 only does. */
  private void serve(boolean http2Only) throws IOException {
    new Random(3).nextBytes(payload);
    SSLServerSocket socket = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server = new RawHttpServer(new AlpnCheckingServerSocket(socket, http2Only), (request, out, s) -> {
      // one request per connection: the HttpClient must not keep it for the next call
      out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: " + payload.length + "\r\n\r\n"));
      out.write(payload);
    });
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private PotoClient client(String host) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(clientContext).build();
    return PotoClient.builder("https://" + host + ":" + server.port()).httpClient(http).build();
  }

  private byte[] download(PotoClient client) throws IOException {
    try (InputStream in = client.inputStream(DOWNLOAD, "a.bin")) {
      return in.readAllBytes();
    }
  }

  @Test
  void aBodyOverTlsArrivesExactlyOverTheClientsOwnConnection() throws Exception {
    serve(false);

    try (PotoClient client = client("localhost")) {
      assertThat(download(client)).isEqualTo(payload);
    }
    assertThat(server.requests().getFirst().direct()).isTrue();
    assertThat(offeredProtocols).containsExactly("[http/1.1]");
  }

  @Test
  void aCertificateForAnotherNameIsRefused() throws Exception {
    serve(false);

    try (PotoClient client = client("127.0.0.1")) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> download(client));
      assertThat(e.code()).isEqualTo("transport_error");
    }
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aServerThatRefusesHttp11InTheHandshakeIsReadThroughTheHttpClient() throws Exception {
    serve(true);

    try (PotoClient client = client("localhost")) {
      assertThat(download(client)).isEqualTo(payload);
      assertThat(download(client)).isEqualTo(payload);
    }
    assertThat(server.requests()).extracting(RawHttpServer.Request::direct).containsExactly(false, false);
    assertThat(offeredProtocols).as("one refused handshake; the HttpClient offers nothing").containsExactly("[http/1.1]");
  }

  @Test
  void anEventStreamOverTlsTravelsOverTheClientsOwnConnection() throws Exception {
    serve(false);
    byte[] frames = "event: item\ndata: \"sécure\"\n\nevent: end\ndata: {\"count\":1}\n\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    server.answer((request, out, s) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: " + frames.length
          + "\r\n\r\n"));
      out.write(frames);
    });
    RpcMethod words = method("clock", "words", type(String.class), ResultKind.STREAM);

    try (PotoClient client = client("localhost"); Stream<String> items = client.stream(words)) {
      assertThat(items.toList()).containsExactly("sécure");
    }
    assertThat(server.requests().getFirst().direct()).isTrue();
    assertThat(offeredProtocols).containsExactly("[http/1.1]");
  }

  /** A kept connection saves the next call its TLS handshake: one connection, one handshake for all. */
  @Test
  void callsOverTlsReuseTheKeptConnection() throws Exception {
    serve(false);
    byte[] frames = ascii("event: item\ndata: \"again\"\n\nevent: end\ndata: {\"count\":1}\n\n");
    server.keepAlive().answer((request, out, s) -> {
      if (request.header("Accept").equals("text/event-stream")) {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + Integer.toHexString(frames.length) + "\r\n"));
        out.write(frames);
        out.write(ascii("\r\n0\r\n\r\n"));
      } else {
        out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n"));
        out.write(payload);
      }
    });
    RpcMethod words = method("clock", "words", type(String.class), ResultKind.STREAM);

    try (PotoClient client = client("localhost")) {
      for (int i = 0; i < 3; i++) {
        assertThat(download(client)).isEqualTo(payload);
        try (Stream<String> items = client.stream(words)) {
          assertThat(items.toList()).containsExactly("again");
        }
      }
    }
    assertThat(server.requests()).hasSize(6).allMatch(RawHttpServer.Request::direct)
        .extracting(RawHttpServer.Request::connection).containsOnly(1);
    assertThat(server.accepted()).isOne();
    assertThat(offeredProtocols).as("one handshake").containsExactly("[http/1.1]");
    assertThat(server.awaitClosedByClient(1)).as("closing the client closes the kept connection").isTrue();
  }

  /** Over HTTP/2 the HttpClient would carry every stream on one connection: streams stay with it, binary results not. */
  @Test
  void withAnHttp2ClientStreamsGoThroughItAndBinaryResultsNot() throws Exception {
    serve(false);
    byte[] frames = ascii("event: item\ndata: \"h2\"\n\nevent: end\ndata: {\"count\":1}\n\n");
    server.answer((request, out, s) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/event-stream\r\n"
          + "Content-Length: " + frames.length + "\r\n\r\n"));
      out.write(frames);
    });
    HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(clientContext).build();
    RpcMethod words = method("clock", "words", type(String.class), ResultKind.STREAM);

    try (PotoClient client = PotoClient.builder("https://localhost:" + server.port()).httpClient(http2).build()) {
      try (Stream<String> items = client.stream(words)) {
        assertThat(items.toList()).containsExactly("h2");
      }
      client.inputStream(DOWNLOAD, "a.bin").close();
    }
    assertThat(server.requests()).extracting(RawHttpServer.Request::direct).containsExactly(false, true);
    assertThat(offeredProtocols).containsExactly("[h2, http/1.1]", "[http/1.1]");
  }

  /** Records what each client offers by ALPN and, for {@code http2Only}, refuses an offer of HTTP/1.1 alone. */
  private final class AlpnCheckingServerSocket extends java.net.ServerSocket {
    private final SSLServerSocket delegate;
    private final boolean http2Only;

    AlpnCheckingServerSocket(SSLServerSocket delegate, boolean http2Only) throws IOException {
      this.delegate = delegate;
      this.http2Only = http2Only;
    }

    @Override
    public java.net.Socket accept() throws IOException {
      SSLSocket socket = (SSLSocket) delegate.accept();
      socket.setHandshakeApplicationProtocolSelector((s, offered) -> {
        offeredProtocols.add(offered.toString());
        return http2Only && offered.equals(List.of("http/1.1")) ? null : "";
      });
      return socket;
    }

    @Override
    public int getLocalPort() {
      return delegate.getLocalPort();
    }

    @Override
    public boolean isClosed() {
      return delegate.isClosed();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
