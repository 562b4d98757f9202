package dev.poto.it.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.client.PotoClient;
import dev.poto.it.sessions.SessionModule;
import dev.poto.it.stream.CallTracker;
import dev.poto.it.stream.StreamModule;
import dev.poto.it.stream.StreamModuleClient;
import dev.poto.it.stream.Tagged;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PotoServer on HTTPS: HTTP/2 by ALPN with HTTP/1.1 as the fallback, keys from PKCS#12 (the
 * development certificate) or PEM, Secure cookies; and streams, cancellation and deadlines over HTTP/2
 * behave as over HTTP/1.1 (a reset stream cancels the call), driven by the Java client on
 * {@code java.net.http} speaking HTTP/2.
 */
class Http2Test {
  private static final String SECRET = "tls-it-secret-tls-it-secret-tls-it-0123456789";
  static final StreamModule streams = new StreamModule();
  static PotoServer server;
  static HttpClient http2;
  static HttpClient http11;

  @BeforeAll
  static void start() throws Exception {
    server = PotoServer.create(config -> config
        .host("127.0.0.1").port(0).module(streams).module(new SessionModule())
        .jwt(j -> j.secret(SECRET))
        .sessionProvider(EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate())
            .insecureDevelopmentCookies().build())
        .tls(tls -> tls.developmentCertificate(TestCertificates.DIRECTORY))).start();
    http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
        .sslContext(TestCertificates.trustingDevelopmentCertificate()).connectTimeout(Duration.ofSeconds(10)).build();
    http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(TestCertificates.trustingDevelopmentCertificate()).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @AfterAll
  static void stop() {
    server.stop();
    http2.close();
    http11.close();
  }

  static String url(PotoServer on) {
    return "https://127.0.0.1:" + on.port();
  }

  static HttpResponse<String> visitorLogin(HttpClient client, String base) throws Exception {
    return client.send(HttpRequest.newBuilder(URI.create(base + "/poto/_auth/visitor"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  PotoClient visitor() {
    PotoClient client = PotoClient.builder(url(server)).httpClient(http2).build();
    client.loginAsVisitor();
    return client;
  }

  @Test
  void alpnNegotiatesHttp2AndFallsBackToHttp11() throws Exception {
    HttpResponse<String> overH2 = visitorLogin(http2, url(server));
    assertThat(overH2.statusCode()).isEqualTo(200);
    assertThat(overH2.version()).isEqualTo(HttpClient.Version.HTTP_2);
    HttpResponse<String> overH1 = visitorLogin(http11, url(server));
    assertThat(overH1.statusCode()).isEqualTo(200);
    assertThat(overH1.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
  }

  @Test
  void keysAlsoComeFromPemFilesAndUnsupportedKeyFormatsSayHowToConvert() throws Exception {
    Path[] pem = TestCertificates.asPem(Path.of("target", "test-tls-pem"));
    try (PotoServer fromPem = PotoServer.create(config -> config
        .host("127.0.0.1").port(0).module(new StreamModule()).jwt(j -> j.secret(SECRET))
        .tls(tls -> tls.pem(pem[0], pem[1]))).start()) {
      HttpResponse<String> answer = visitorLogin(http2, url(fromPem));
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.version()).isEqualTo(HttpClient.Version.HTTP_2);
    }
    Path pkcs1 = Files.writeString(pem[1].resolveSibling("rsa.pem"), TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> PotoServer.create(config -> config
            .host("127.0.0.1").port(0).module(new StreamModule()).jwt(j -> j.secret(SECRET))
            .tls(tls -> tls.pem(pem[0], pkcs1))).start())
        .hasStackTraceContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void cookiesSetOverTlsAreSecureEvenWhenTheProviderWouldNotMarkThem() throws Exception {
    String token = dev.poto.protocol.PotoJson.newMapper().readTree(visitorLogin(http2, url(server)).body()).get("token").asText();
    HttpResponse<String> put = http2.send(HttpRequest.newBuilder(URI.create(url(server) + "/poto/sessions/put"))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"k\",\"value\":\"v\"}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(204);
    List<String> cookies = put.headers().allValues("Set-Cookie");
    assertThat(cookies).isNotEmpty().allSatisfy(cookie -> assertThat(cookie).containsIgnoringCase("; Secure"));
  }

  @Test
  void streamsArriveOverHttp2InTheCallersContext() {
    try (PotoClient client = visitor()) {
      List<Tagged> items;
      try (Stream<Tagged> stream = new StreamModuleClient(client).tagged(5)) {
        items = stream.toList();
      }
      assertThat(items).extracting(Tagged::index).containsExactly(0, 1, 2, 3, 4);
      assertThat(items).extracting(Tagged::userId).containsOnly(client.userId());
    }
  }

  @Test
  void aResetStreamCancelsTheCallOnTheServer() throws Exception {
    CallTracker tracker = streams.tracker("h2-reset").expect(3);
    try (PotoClient client = visitor()) {
      StreamModuleClient module = new StreamModuleClient(client);
      for (int i = 0; i < 3; i++) {
        try (Stream<Integer> stream = module.oneThenBlock("h2-reset")) {
          Iterator<Integer> items = stream.iterator();
          assertThat(items.next()).isEqualTo(1);
        } // closing it early resets the HTTP/2 stream
      }
      assertThat(tracker.allClosed().await(20, TimeUnit.SECONDS)).as("every close handler ran").isTrue();
      assertThat(tracker.reasons.get("client_gone")).hasValue(3);
    }
  }

  @Test
  void deadlinesCancelStreamsAndUnaryCallsOverHttp2() throws Exception {
    CallTracker streamed = streams.tracker("h2-deadline").expect(1);
    CallTracker unary = streams.tracker("h2-deadline-unary").expect(1);
    try (PotoClient client = visitor()) {
      StreamModuleClient module = new StreamModuleClient(client.withTimeout(Duration.ofMillis(400)));
      assertThatThrownBy(() -> {
            try (Stream<Integer> stream = module.oneThenBlock("h2-deadline")) {
              stream.forEach(item -> {});
            }
          })
          .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("deadline_exceeded"));
      assertThatThrownBy(() -> module.waitForCancel("h2-deadline-unary"))
          .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.code()).isEqualTo("deadline_exceeded"));
    }
    assertThat(streamed.allClosed().await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(unary.allClosed().await(20, TimeUnit.SECONDS)).isTrue();
    // The client gives up at the same moment: whichever the server notices first cancels the call.
    assertThat(streamed.reasons.keySet()).containsAnyOf("deadline_exceeded", "client_gone");
    assertThat(unary.reasons.keySet()).containsAnyOf("deadline_exceeded", "client_gone");
    assertThat(streamed.sawCancelled).hasValue(1);
    assertThat(unary.sawCancelled).hasValue(1);
  }
}
