package dev.poto.it.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.it.shared.SharedConnection.Frame;
import dev.poto.it.stream.CallTracker;
import dev.poto.it.stream.StreamModule;
import dev.poto.protocol.PotoJson;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.multiplex.StreamConnectionLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Shared stream connections over raw HTTP, as docs/PROTOCOL.md describes them: streams started by
 * ordinary authenticated calls arrive tagged on one connection, in their caller's context; a cancel
 * request, a passed deadline and a closed connection each end them on the server; every limit holds.
 */
class SharedStreamConnectionTest {
  private static final String SECRET = "shared-it-secret-shared-it-secret-0123456789";
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  static final StreamModule module = new StreamModule();
  static PotoServer server;
  static String base;

  @BeforeAll
  static void start() {
    server = PotoServer.create(config -> config
        .host("127.0.0.1").port(0).module(module).jwt(j -> j.secret(SECRET))
        .streamConnectionLimits(new StreamConnectionLimits(2, 3, 100))).start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  record Visitor(String token, String userId) {}

  static Visitor visitor() throws Exception {
    JsonNode answer = JSON.readTree(post("/poto/_auth/visitor", null, null, "").body());
    return new Visitor(answer.get("token").asText(), answer.get("userId").asText());
  }

  static HttpResponse<String> post(String path, String token, String[] headers, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (!body.isEmpty()) {
      request.header("Content-Type", "application/json");
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (headers != null) {
      request.headers(headers);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String connectionId(SharedConnection connection) throws Exception {
    assertThat(connection.response.statusCode()).isEqualTo(200);
    assertThat(connection.response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    Frame open = connection.next();
    assertThat(open.event()).isEqualTo("open");
    JsonNode data = JSON.readTree(open.data());
    assertThat(data.get("maxStreams").asInt()).isEqualTo(3);
    return data.get("connection").asText();
  }

  static HttpResponse<String> startStream(
      Visitor who, String connection, String streamId, String method, String args, String... extra) throws Exception {
    String[] headers = new String[4 + extra.length];
    headers[0] = "Poto-Stream-Connection";
    headers[1] = connection;
    headers[2] = "Poto-Stream-Id";
    headers[3] = streamId;
    System.arraycopy(extra, 0, headers, 4, extra.length);
    return post("/poto/streams/" + method, who.token(), headers, args);
  }

  @Test
  void streamsStartedByCallsArriveTaggedOnTheConnectionInTheirCallersContext() throws Exception {
    Visitor me = visitor();
    try (SharedConnection connection = SharedConnection.open(HTTP, base, me.token())) {
      String id = connectionId(connection);
      HttpResponse<String> a = startStream(me, id, "a", "tagged", "{\"count\":3}");
      HttpResponse<String> b = startStream(me, id, "b", "taggedPublisher", "{\"count\":2}");
      assertThat(a.statusCode()).as(a.body()).isEqualTo(200);
      assertThat(JSON.readTree(a.body()).get("stream").asText()).isEqualTo("a");
      assertThat(b.statusCode()).as(b.body()).isEqualTo(200);

      List<Frame> framesOfA = connection.untilEndOf("a");
      assertThat(framesOfA).extracting(Frame::event).containsExactly("item", "item", "item", "end");
      for (int i = 0; i < 3; i++) {
        JsonNode item = JSON.readTree(framesOfA.get(i).data());
        assertThat(item.get("userId").asText()).as("produced inside the caller's context").isEqualTo(me.userId());
        assertThat(item.get("index").asInt()).isEqualTo(i);
      }
      assertThat(framesOfA.get(3).data()).isEqualTo("{\"count\":3}");
      assertThat(connection.untilEndOf("b")).extracting(Frame::event).containsExactly("item", "item", "end");
    }
  }

  @Test
  void aCancelRequestACloseAndADeadlineEachEndTheirStreamsOnTheServer() throws Exception {
    Visitor me = visitor();
    CallTracker cancelled = module.tracker("shared-cancel").expect(1);
    CallTracker left = module.tracker("shared-left").expect(2);
    SharedConnection connection = SharedConnection.open(HTTP, base, me.token());
    try {
      String id = connectionId(connection);
      assertThat(startStream(me, id, "one", "oneThenBlock", "{\"group\":\"shared-cancel\"}").statusCode()).isEqualTo(200);
      assertThat(connection.next().stream()).isEqualTo("one");
      HttpResponse<String> cancel = post("/poto/_streams/cancel", null, null,
          "{\"connection\":\"" + id + "\",\"stream\":\"one\"}");
      assertThat(cancel.statusCode()).isEqualTo(204);
      assertThat(cancelled.allClosed().await(10, TimeUnit.SECONDS)).as("the cancelled stream's close handler ran").isTrue();
      assertThat(cancelled.sawCancelled).hasValue(1);
      assertThat(cancelled.reasons.get("client_gone")).hasValue(1);

      HttpResponse<String> timed = startStream(
          me, id, "timed", "oneThenBlock", "{\"group\":\"shared-deadline\"}", "Poto-Timeout-Ms", "300");
      assertThat(timed.statusCode()).isEqualTo(200);
      List<Frame> timedFrames = connection.untilEndOf("timed");
      assertThat(timedFrames).extracting(Frame::event).containsExactly("item", "error");
      assertThat(JSON.readTree(timedFrames.get(1).data()).get("code").asText()).isEqualTo("deadline_exceeded");

      assertThat(startStream(me, id, "x", "oneThenBlock", "{\"group\":\"shared-left\"}").statusCode()).isEqualTo(200);
      assertThat(startStream(me, id, "y", "oneThenBlock", "{\"group\":\"shared-left\"}").statusCode()).isEqualTo(200);
      assertThat(left.allStarted().await(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      connection.close(); // the page went away
    }
    assertThat(left.allClosed().await(10, TimeUnit.SECONDS)).as("closing the connection ended its streams").isTrue();
    assertThat(left.reasons.get("client_gone")).hasValue(2);
    await("the connection is forgotten", () -> server.runtime().streamConnections().openConnections() == 0);
  }

  @Test
  void limitsAndForeignCallersAreRefusedWithStableCodes() throws Exception {
    Visitor me = visitor();
    Visitor other = visitor();
    assertThat(code(post("/poto/_streams", null, null, ""))).isEqualTo("unauthenticated");
    assertThat(code(post("/poto/_streams", "not.a.token", null, ""))).isEqualTo("invalid_token");
    CallTracker blocked = module.tracker("shared-limits").expect(3);
    try (SharedConnection first = SharedConnection.open(HTTP, base, me.token());
        SharedConnection second = SharedConnection.open(HTTP, base, me.token());
        SharedConnection third = SharedConnection.open(HTTP, base, me.token())) {
      String id = connectionId(first);
      connectionId(second);
      assertThat(third.response.statusCode()).isEqualTo(429);
      assertThat(third.refusal).contains("\"code\":\"too_many_connections\"");

      String args = "{\"group\":\"shared-limits\"}";
      assertThat(code(startStream(other, id, "s", "oneThenBlock", args)))
          .as("another user's call cannot use my connection").isEqualTo("unknown_connection");
      assertThat(code(startStream(me, "AAAAAAAAAAAAAAAAAAAAAA", "s", "oneThenBlock", args))).isEqualTo("unknown_connection");
      assertThat(code(startStream(me, id, "bad id!", "oneThenBlock", args))).isEqualTo("invalid_argument");
      for (String stream : List.of("s1", "s2", "s3")) {
        assertThat(startStream(me, id, stream, "oneThenBlock", args).statusCode()).isEqualTo(200);
      }
      assertThat(code(startStream(me, id, "s1", "oneThenBlock", args))).isEqualTo("invalid_argument");
      HttpResponse<String> full = startStream(me, id, "s4", "oneThenBlock", args);
      assertThat(full.statusCode()).isEqualTo(429);
      assertThat(code(full)).isEqualTo("too_many_streams");
      assertThat(blocked.started).as("refused calls never ran").hasValue(3);
    }
    assertThat(blocked.allClosed().await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static String code(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    return JSON.readTree(response.body()).get("code").asText();
  }

  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
