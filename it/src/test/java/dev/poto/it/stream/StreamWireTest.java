package dev.poto.it.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.client.PotoClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an event stream looks like on the wire, read with a plain HTTP client. */
class StreamWireTest {
  static StreamServer server;
  static String token;
  static HttpClient http;

  @BeforeAll
  static void start() {
    server = new StreamServer();
    try (PotoClient login = server.visitor()) {
      token = login.token();
    }
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  }

  @AfterAll
  static void stop() {
    http.shutdownNow();
    server.close();
  }

  static HttpRequest.Builder post(String method, String json) {
    return HttpRequest.newBuilder(URI.create(server.url() + "/poto/streams/" + method))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  /**
   * A browser asks for gzip; a compressor in the path would hold a blocked producer's item back until
   * more bytes come. The item must arrive, uncompressed, while the producer is still blocked.
   */
  @Test
  void anItemReachesAGzipAcceptingCallerWhileTheProducerIsBlocked() throws Exception {
    BlockingQueue<Integer> channel = server.module.channel("wire");
    channel.add(41);
    HttpResponse<InputStream> response = http.send(
        post("fromChannel", "{\"name\":\"wire\"}").header("Accept-Encoding", "gzip, deflate, br").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      // Nothing more is in the channel: the producer blocks in take() while we read.
      assertThat(lines.readLine()).isEqualTo("event: item");
      assertThat(lines.readLine()).isEqualTo("data: 41");
      assertThat(lines.readLine()).isEmpty();
      channel.add(42);
      assertThat(lines.readLine()).isEqualTo("event: item");
      assertThat(lines.readLine()).isEqualTo("data: 42");
      assertThat(lines.readLine()).isEmpty();
      channel.add(-1);
      assertThat(lines.readLine()).isEqualTo("event: end");
      assertThat(lines.readLine()).isEqualTo("data: {\"count\":2}");
    }
  }

  @Test
  void everySetCookieHeaderAddedByTheModuleSurvives() throws Exception {
    HttpResponse<String> response = http.send(post("withCookies", "{}").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues("Set-Cookie"))
        .containsExactly("a=1; Path=/", "b=2; Path=/", "c=3; Path=/");
    assertThat(response.body()).endsWith("event: end\ndata: {\"count\":2}\n\n");
  }

  /** The headers go out when the method returns, not with the first item, which may take long. */
  @Test
  void theHeadersArriveBeforeTheFirstItemIsProduced() throws Exception {
    HttpResponse<InputStream> response = http.send(
        post("fromChannel", "{\"name\":\"headers-first\"}").build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(response.statusCode()).isEqualTo(200);
    server.module.channel("headers-first").add(-1);
    try (InputStream body = response.body()) {
      assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("event: end\ndata: {\"count\":0}\n\n");
    }
  }

  @Test
  void anErrorFoundBeforeTheStreamStartsIsAnOrdinaryProblem() throws Exception {
    HttpResponse<String> response = http.send(post("tagged", "{\"count\":\"many\"}").build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
  }
}
