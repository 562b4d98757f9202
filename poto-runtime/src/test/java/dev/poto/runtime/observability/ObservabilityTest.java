package dev.poto.runtime.observability;

import dev.poto.runtime.routing.MetricsEndpoint;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.client.PotoClient;
import dev.poto.client.tracing.TraceContextHeaders;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.observability.micrometer.PotoMetrics;
import dev.poto.runtime.observability.otel.PotoTracing;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access records, MDC, Micrometer metrics with the Prometheus endpoint, and traces across client and server. */
class ObservabilityTest {
  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
      .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
      .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
      .build();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Queue<CallRecord> records = new ConcurrentLinkedQueue<>();
  private PotoServer server;
  private TestHttp http;

  @BeforeEach
  void start() {
    server = TestServers.start(config -> config
        .module(new ObservedModule())
        .accessLog()
        .observe(call -> finished -> records.add(finished))
        .observe(new PotoMetrics(registry))
        .observe(new PotoTracing(otel))
        .metricsEndpoint(registry::scrape));
    http = new TestHttp(server.port());
  }

  @AfterEach
  void stop() {
    server.stop();
    otel.close();
  }

  private CallRecord only(String module, String method) {
    List<CallRecord> matching = records.stream()
        .filter(r -> r.module().equals(module) && r.method().equals(method)).toList();
    assertThat(matching).hasSize(1);
    return matching.getFirst();
  }

  /** The record of a call whose end another thread reports, once it has come (nothing is timed). */
  private CallRecord awaitRecord(String module, String method) throws InterruptedException {
    long giveUp = System.nanoTime() + 20_000_000_000L;
    while (records.stream().noneMatch(r -> r.module().equals(module) && r.method().equals(method))) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("no record of " + module + "." + method);
      }
      Thread.sleep(5);
    }
    return only(module, method);
  }

  @Test
  void everyRequestIsRecordedWithServedNamesCallerStatusCodeAndBytes() throws Exception {
    JsonNode visitor = http.visitor();
    String token = visitor.get("token").asText();
    String userId = visitor.get("userId").asText();
    HttpResponse<String> seen = http.post("/poto/obs/seen", null, token);
    assertThat(seen.statusCode()).isEqualTo(200);
    String requestId = seen.headers().firstValue("Poto-Request-Id").orElseThrow();

    // The MDC carries the call's request id and user inside the call, for application log lines.
    JsonNode inside = TestHttp.json(seen);
    assertThat(inside.get("mdcRequestId").asText()).isEqualTo(requestId);
    assertThat(inside.get("mdcUserId").asText()).isEqualTo(userId);

    assertThat(http.post("/poto/obs/boom", null, token).statusCode()).isEqualTo(500);
    assertThat(http.post("/poto/obs/seen", null, null).statusCode()).isEqualTo(401);
    assertThat(http.post("/poto/invented-" + "x".repeat(20) + "/path", null, token).statusCode()).isEqualTo(404);

    CallRecord ok = records.stream().filter(r -> r.requestId().equals(requestId)).findFirst().orElseThrow();
    assertThat(ok.module()).isEqualTo("obs");
    assertThat(ok.method()).isEqualTo("seen");
    assertThat(ok.userId()).isEqualTo(userId);
    assertThat(ok.status()).isEqualTo(200);
    assertThat(ok.code()).isNull();
    assertThat(ok.bytes()).isEqualTo(seen.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    assertThat(AccessLog.line(ok)).matches("requestId=" + requestId + " user=" + userId
        + " call=obs\\.seen http=POST status=200 code=- durationMs=\\d+\\.\\d{3} bytes=" + ok.bytes());

    CallRecord failed = only("obs", "boom");
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.code()).isEqualTo(ProblemCodes.INTERNAL_ERROR);
    CallRecord unknown = only(CallRecord.UNKNOWN, CallRecord.UNKNOWN);
    assertThat(unknown.code()).isEqualTo(ProblemCodes.UNKNOWN_MODULE);
    assertThat(AccessLog.line(unknown)).doesNotContain("invented"); // names only what the server serves
    CallRecord login = only("_auth", "visitor");
    assertThat(login.userId()).isEqualTo(userId);
    assertThat(records.stream().filter(r -> r.status() == 401).findFirst().orElseThrow().code())
        .isEqualTo(ProblemCodes.UNAUTHENTICATED);
  }

  /**
   * A JSON result is written by the handler itself: one larger than Jetty's output buffer leaves
   * partly before the record finishes, a compressed one leaves smaller. Either way the caller gets it
   * whole and the record counts the result's bytes, as for a small one.
   */
  @Test
  void largeAndCompressedResultsArriveWholeAndTheRecordCountsTheirBytes() throws Exception {
    String token = http.visitor().get("token").asText();
    byte[] expected = TestHttp.JSON.writeValueAsBytes(ObservedModule.LARGE_RESULT);

    HttpResponse<byte[]> plain = http.sendBytes(http.request("/poto/obs/large")
        .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(plain.statusCode()).isEqualTo(200);
    assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(plain.body()).isEqualTo(expected);

    HttpResponse<byte[]> gzipped = http.sendBytes(http.request("/poto/obs/large")
        .header("Authorization", "Bearer " + token).header("Accept-Encoding", "gzip")
        .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
    assertThat(gzipped.statusCode()).isEqualTo(200);
    assertThat(gzipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(gzipped.body().length).isLessThan(expected.length);
    try (var unzip = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
      assertThat(unzip.readAllBytes()).isEqualTo(expected);
    }

    List<CallRecord> large = records.stream().filter(r -> r.method().equals("large")).toList();
    assertThat(large).hasSize(2).allSatisfy(r -> {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.bytes()).isEqualTo(expected.length);
    });
  }

  /**
   * A direct stream is written by a thread of its own after the request's handler has returned (so
   * an idle open stream does not keep the handler's stack): its items are still produced in the
   * caller's context, with the call's MDC keys and trace span, and its record ends with the stream.
   */
  @Test
  void aDirectStreamGoesOnAfterItsHandlerWithTheCallsContextLogKeysSpanAndRecord() throws Exception {
    Span clientSpan = otel.getTracer("test").spanBuilder("client-operation").startSpan();
    List<Map<String, String>> items;
    String userId;
    try (PotoClient client = PotoClient.builder("http://127.0.0.1:" + server.port())
        .headers(new TraceContextHeaders(otel)).build();
        Scope ignored = clientSpan.makeCurrent()) {
      userId = client.loginAsVisitor().userId();
      try (Stream<Map<String, String>> where = client.stream(ObservedModule.WHERE)) {
        items = where.toList();
      }
    } finally {
      clientSpan.end();
    }
    assertThat(items).hasSize(1);
    Map<String, String> seen = items.getFirst();
    assertThat(seen.get("handlerThreadEnded")).isEqualTo("true");
    assertThat(seen.get("user")).isEqualTo(userId);
    assertThat(seen.get("mdcUserId")).isEqualTo(userId);

    // The record ends when the stream's thread has written the end event: the client may be faster.
    CallRecord record = awaitRecord("obs", "where");
    assertThat(seen.get("mdcRequestId")).isEqualTo(record.requestId());
    assertThat(record.status()).isEqualTo(200);
    assertThat(record.userId()).isEqualTo(userId);
    String body = "event: item\ndata: " + TestHttp.JSON.writeValueAsString(seen) + "\n\n"
        + "event: end\ndata: {\"count\":1}\n\n";
    assertThat(record.bytes()).isEqualTo(body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    SpanData span = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().equals("obs/where")).findFirst().orElseThrow();
    assertThat(seen.get("spanId")).isEqualTo(span.getSpanId());
    assertThat(span.getParentSpanId()).isEqualTo(clientSpan.getSpanContext().getSpanId());
    assertThat(registry.get(PotoMetrics.OPEN_STREAMS).gauge().value()).isZero();
  }

  @Test
  void metricsCountCallsByModuleMethodStatusAndCodeAndLoginsByOutcome() {
    String token = http.visitor().get("token").asText();
    http.post("/poto/obs/seen", null, token);
    http.post("/poto/obs/seen", null, token);
    http.post("/poto/obs/boom", null, token);
    http.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"wrong\"}", null);

    assertThat(registry.get(PotoMetrics.CALLS)
        .tags("module", "obs", "method", "seen", "status", "200", "code", "none").timer().count()).isEqualTo(2);
    assertThat(registry.get(PotoMetrics.CALLS)
        .tags("module", "obs", "method", "boom", "status", "500", "code", "internal_error").timer().count()).isEqualTo(1);
    assertThat(registry.get(PotoMetrics.LOGINS).tags("kind", "visitor", "outcome", "success").counter().count())
        .isEqualTo(1);
    assertThat(registry.get(PotoMetrics.LOGINS).tags("kind", "login", "outcome", "invalid_credentials").counter()
        .count()).isEqualTo(1);
    assertThat(registry.get(PotoMetrics.OPEN_STREAMS).gauge().value()).isZero();
    assertThat(registry.get(PotoMetrics.SESSIONS).gauge().value()).isZero();
    assertThat(registry.find(PotoMetrics.SESSION_OPERATIONS).timers()).isEmpty(); // those calls used no session

    HttpResponse<String> scrape = http.send(http.request("/poto/_metrics").GET().build());
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type")).hasValue(MetricsEndpoint.CONTENT_TYPE);
    assertThat(scrape.body())
        .contains("poto_calls_seconds_count{code=\"none\",method=\"seen\",module=\"obs\",status=\"200\"} 2")
        .contains("poto_calls_seconds_bucket{")
        .contains("poto_logins_total{kind=\"login\",outcome=\"invalid_credentials\"} 1");
    assertThat(http.post("/poto/_metrics", "{}", null).statusCode()).isEqualTo(405);
  }

  @Test
  void metricsCountTheSessionStoreOperationsOfCallsByOperationAndOutcome() {
    String token = http.visitor().get("token").asText();
    http.post("/poto/obs/remember", null, token);
    http.post("/poto/obs/remember", null, token);
    assertThat(registry.get(PotoMetrics.SESSION_OPERATIONS).tags("operation", "put", "outcome", "ok").timer().count())
        .isEqualTo(2);
    assertThat(registry.get(PotoMetrics.SESSION_OPERATIONS).tags("operation", "get", "outcome", "ok").timer().count())
        .isEqualTo(2);
    assertThat(registry.get(PotoMetrics.SESSIONS).gauge().value()).isEqualTo(1);
  }

  @Test
  void theServerSpanContinuesTheJavaClientsTraceAndIsCurrentInTheCall() {
    Span clientSpan = otel.getTracer("test").spanBuilder("client-operation").startSpan();
    Map<String, String> seen;
    try (PotoClient client = PotoClient.builder("http://127.0.0.1:" + server.port())
        .headers(new TraceContextHeaders(otel)).build();
        Scope ignored = clientSpan.makeCurrent()) {
      client.loginAsVisitor();
      seen = client.call(ObservedModule.SEEN);
      try (Stream<String> two = client.stream(ObservedModule.TWO)) {
        assertThat(two.toList()).containsExactly("a", "b");
      }
      RpcException boom = org.junit.jupiter.api.Assertions.assertThrows(RpcException.class,
          () -> client.call(ObservedModule.BOOM));
      assertThat(boom.status()).isEqualTo(500);
    } finally {
      clientSpan.end();
    }
    String traceId = clientSpan.getSpanContext().getTraceId();
    Map<String, SpanData> server = spans.getFinishedSpanItems().stream()
        .filter(s -> s.getKind() == SpanKind.SERVER)
        .collect(Collectors.toMap(SpanData::getName, s -> s));
    assertThat(server).containsKeys("obs/seen", "obs/two", "obs/boom", "_auth/visitor");

    SpanData call = server.get("obs/seen");
    assertThat(call.getTraceId()).isEqualTo(traceId);
    assertThat(call.getParentSpanId()).isEqualTo(clientSpan.getSpanContext().getSpanId());
    assertThat(call.getSpanId()).isEqualTo(seen.get("spanId")); // current while the module ran
    assertThat(call.getAttributes().get(AttributeKey.stringKey("rpc.system"))).isEqualTo("poto");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("rpc.service"))).isEqualTo("obs");
    assertThat(call.getAttributes().get(AttributeKey.stringKey("rpc.method"))).isEqualTo("seen");
    assertThat(call.getAttributes().get(AttributeKey.longKey("http.response.status_code"))).isEqualTo(200L);
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    SpanData stream = server.get("obs/two");
    assertThat(stream.getTraceId()).isEqualTo(traceId);
    assertThat(stream.hasEnded()).isTrue();

    SpanData boom = server.get("obs/boom");
    assertThat(boom.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(boom.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo("internal_error");
  }
}
