package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.TestModule;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every answer of the RPC route over real HTTP: results, and each problem in the protocol's order. */
class RpcHandlerTest {
  private static final int LIMIT = 2048;
  private static PotoServer server;
  private static TestHttp http;
  private static String token;

  @BeforeAll
  static void start() {
    server = TestServers.start(config -> config.maxBodyBytes(LIMIT));
    http = new TestHttp(server.port());
    token = http.visitor().get("token").asText();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> call(String method, String json) {
    return http.post("/poto/test/" + method, json, token);
  }

  private static JsonNode assertProblem(HttpResponse<String> response, int status, String code) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith(Problem.CONTENT_TYPE));
    JsonNode problem = TestHttp.json(response);
    assertThat(problem.get("code").asText()).isEqualTo(code);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("type").asText()).isEqualTo("urn:poto:problem:" + code);
    assertThat(problem.get("title").asText()).isNotBlank();
    String requestId = response.headers().firstValue(Protocol.REQUEST_ID_HEADER).orElseThrow();
    assertThat(problem.get("requestId").asText()).isEqualTo(requestId);
    return problem;
  }

  @Test
  void valueResultIsJson() {
    HttpResponse<String> response = call("add", "{\"a\":2,\"b\":40}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(response.body()).isEqualTo("42");
    assertThat(response.headers().firstValue(Protocol.REQUEST_ID_HEADER)).isPresent();
  }

  @Test
  void charsetParameterIsAccepted() {
    HttpResponse<String> response = http.send(http.request("/poto/test/add")
        .header("Content-Type", "application/json; charset=utf-8")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":1}")).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("2");
  }

  @Test
  void complexArgumentsDecode() {
    HttpResponse<String> response = call("count", "{\"items\":[{\"name\":\"a\",\"quantity\":2},{\"name\":\"b\",\"quantity\":3}]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("5");
  }

  @Test
  void voidAnswers204WithoutBody() {
    HttpResponse<String> response = call("clear", null);
    assertThat(response.statusCode()).isEqualTo(204);
    assertThat(response.body()).isEmpty();
    assertThat(response.headers().firstValue(Protocol.REQUEST_ID_HEADER)).isPresent();
  }

  @Test
  void emptyBodyMeansNoArguments() {
    assertThat(call("whoami", null).statusCode()).isEqualTo(200);
    assertThat(call("whoami", "{}").statusCode()).isEqualTo(200);
  }

  @Test
  void bytesAnswerOctetStreamWithLength() {
    HttpResponse<byte[]> response = http.sendBytes(http.request("/poto/test/bytes")
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":5}")).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Protocol.OCTET_STREAM);
    assertThat(response.headers().firstValue("Content-Length")).hasValue("5");
    assertThat(response.body()).containsExactly(0, 1, 2, 3, 4);
  }

  @Test
  void optionalParameterMayBeAbsentOrNull() {
    assertThat(call("maybe", "{}").body()).isEqualTo("\"none\"");
    assertThat(call("maybe", "{\"value\":null}").body()).isEqualTo("\"none\"");
    assertThat(call("maybe", "{\"value\":\"x\"}").body()).isEqualTo("\"some x\"");
  }

  @Test
  void nullableParameterMayBeAbsent() {
    assertThat(http.post("/poto/test/publicEcho", "{}", null).body()).isEqualTo("\"anonymous:null\"");
  }

  @Test
  void requestIdIsEchoedWhenSafeAndReplacedOtherwise() {
    HttpResponse<String> safe = http.send(http.request("/poto/test/publicEcho")
        .header(Protocol.REQUEST_ID_HEADER, "abc-123.X_y").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(safe.headers().firstValue(Protocol.REQUEST_ID_HEADER)).hasValue("abc-123.X_y");
    HttpResponse<String> unsafe = http.send(http.request("/poto/test/publicEcho")
        .header(Protocol.REQUEST_ID_HEADER, "bad id<script>").POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(unsafe.headers().firstValue(Protocol.REQUEST_ID_HEADER)).hasValueSatisfying(
        id -> assertThat(id).matches("[A-Za-z0-9._-]{1,64}").isNotEqualTo("bad id<script>"));
  }

  @Test
  void moduleResponseHeadersAreApplied() {
    HttpResponse<String> response = call("withHeader", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Test")).hasValue("set-by-module");
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "PROPFIND", "post", "BREW"})
  void nonPostIs405WithAllow(String method) {
    for (String path : new String[] {"/poto/test/add", "/poto", "/poto/_auth/login", "/poto/nope/x/y"}) {
      HttpResponse<String> response = http.send(http.request(path)
          .method(method, HttpRequest.BodyPublishers.noBody()).build());
      assertProblem(response, 405, ProblemCodes.METHOD_NOT_ALLOWED);
      assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }
  }

  @Test
  void getOnUnknownPathIs405Too() {
    HttpResponse<String> response = http.send(http.request("/poto/nope/nothing").GET().build());
    assertProblem(response, 405, ProblemCodes.METHOD_NOT_ALLOWED);
  }

  @Test
  void unknownModuleIs404() {
    assertProblem(http.post("/poto/nope/add", "{}", token), 404, ProblemCodes.UNKNOWN_MODULE);
    assertProblem(http.post("/poto", "{}", token), 404, ProblemCodes.UNKNOWN_MODULE);
  }

  @Test
  void unknownMethodIs404() {
    assertProblem(call("nope", "{}"), 404, ProblemCodes.UNKNOWN_METHOD);
    assertProblem(http.post("/poto/test", "{}", token), 404, ProblemCodes.UNKNOWN_METHOD);
    assertProblem(http.post("/poto/test/add/extra", "{}", token), 404, ProblemCodes.UNKNOWN_METHOD);
  }

  @Test
  void notFoundComesBeforeAuthentication() {
    assertProblem(http.post("/poto/test/nope", "{}", null), 404, ProblemCodes.UNKNOWN_METHOD);
  }

  @Test
  void authenticationComesBeforeContentType() {
    HttpResponse<String> response = http.send(http.request("/poto/test/add")
        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("x")).build());
    assertProblem(response, 401, ProblemCodes.UNAUTHENTICATED);
  }

  @Test
  void wrongContentTypeIs415() {
    HttpResponse<String> response = http.send(http.request("/poto/test/add")
        .header("Content-Type", "text/plain").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":2}")).build());
    assertProblem(response, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void missingContentTypeWithBodyIs415() {
    HttpResponse<String> response = http.send(http.request("/poto/test/add")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":2}")).build());
    assertProblem(response, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void contentTypeComesBeforeSize() {
    HttpResponse<String> response = http.send(http.request("/poto/test/add")
        .header("Content-Type", "text/plain").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(LIMIT + 10))).build());
    assertProblem(response, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void bodyOverLimitIs413() {
    String big = "{\"name\":\"" + "x".repeat(LIMIT) + "\"}";
    assertProblem(call("hello", big), 413, ProblemCodes.PAYLOAD_TOO_LARGE);
  }

  @Test
  void chunkedBodyOverLimitIs413() {
    byte[] big = ("{\"name\":\"" + "x".repeat(LIMIT * 4) + "\"}").getBytes();
    HttpResponse<String> response = http.send(http.request("/poto/test/hello")
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build());
    assertProblem(response, 413, ProblemCodes.PAYLOAD_TOO_LARGE);
  }

  @Test
  void bodyAtLimitIsAccepted() {
    String prefix = "{\"name\":\"";
    String suffix = "\"}";
    String exact = prefix + "x".repeat(LIMIT - prefix.length() - suffix.length()) + suffix;
    assertThat(exact).hasSize(LIMIT);
    assertThat(call("hello", exact).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @ValueSource(strings = {"{", "{\"a\":1,", "[1,2]", "42", "\"text\"", "{\"a\":1}{}", "nope", "{\"a\" 1}"})
  void malformedJsonIs400(String body) {
    assertProblem(call("add", body), 400, ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void missingArgumentIsNamed() {
    JsonNode problem = assertProblem(call("add", "{\"a\":1}"), 400, ProblemCodes.MISSING_ARGUMENT);
    assertThat(problem.get("detail").asText()).contains("'b'");
  }

  @Test
  void unknownArgumentIs400() {
    JsonNode problem = assertProblem(call("add", "{\"a\":1,\"b\":2,\"c\":3}"), 400, ProblemCodes.UNKNOWN_ARGUMENT);
    assertThat(problem.get("detail").asText()).contains("'c'");
  }

  @Test
  void nullForPrimitiveIs400() {
    JsonNode problem = assertProblem(call("add", "{\"a\":null,\"b\":2}"), 400, ProblemCodes.NULL_ARGUMENT);
    assertThat(problem.get("detail").asText()).contains("'a'");
  }

  @Test
  void nullForRequiredReferenceIs400() {
    assertProblem(call("hello", "{\"name\":null}"), 400, ProblemCodes.NULL_ARGUMENT);
  }

  @Test
  void wrongShapeIs400() {
    assertProblem(call("add", "{\"a\":{\"x\":1},\"b\":2}"), 400, ProblemCodes.INVALID_ARGUMENT);
    assertProblem(call("add", "{\"a\":\"abc\",\"b\":2}"), 400, ProblemCodes.INVALID_ARGUMENT);
    JsonNode problem = assertProblem(
        call("count", "{\"items\":[{\"name\":\"a\",\"quantity\":\"many\"}]}"), 400, ProblemCodes.INVALID_ARGUMENT);
    assertThat(problem.get("detail").asText()).contains("'items'").contains("quantity");
  }

  @Test
  void duplicateKeysAreMalformedJsonAtEveryLevel() {
    assertProblem(call("add", "{\"a\":1,\"a\":2,\"b\":3}"), 400, ProblemCodes.MALFORMED_JSON);
    assertProblem(call("count", "{\"items\":[{\"name\":\"a\",\"name\":\"b\",\"quantity\":1}]}"), 400,
        ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void moduleExceptionIs500WithRequestIdAndNoDetails() {
    HttpResponse<String> response = call("boom", null);
    JsonNode problem = assertProblem(response, 500, ProblemCodes.INTERNAL_ERROR);
    assertThat(problem.get("requestId").asText()).isNotBlank();
    assertThat(response.body()).doesNotContain("secret internal detail").doesNotContain("IllegalStateException")
        .doesNotContain("at dev.poto");
  }

  @Test
  void rpcExceptionKeepsStatusCodeAndMessage() {
    JsonNode problem = assertProblem(call("teapot", null), 418, "teapot");
    assertThat(problem.get("detail").asText()).isEqualTo("I am a teapot");
  }

  @Test
  void invalidTimeoutHeaderIs400() {
    for (String value : new String[] {"abc", "0", "-5", "1.5", "99999999999999999999"}) {
      HttpResponse<String> response = http.send(http.request("/poto/test/whoami")
          .header("Authorization", "Bearer " + token).header(Protocol.TIMEOUT_HEADER, value)
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertProblem(response, 400, ProblemCodes.INVALID_ARGUMENT);
    }
  }

  @Test
  void validTimeoutHeaderIsAccepted() {
    HttpResponse<String> response = http.send(http.request("/poto/test/whoami")
        .header("Authorization", "Bearer " + token).header(Protocol.TIMEOUT_HEADER, "60000")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void passedDeadlineCancelsTheCallAnd504s() {
    HttpResponse<String> response = http.send(http.request("/poto/test/waitForCancel")
        .header("Authorization", "Bearer " + token).header(Protocol.TIMEOUT_HEADER, "150")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertProblem(response, 504, ProblemCodes.DEADLINE_EXCEEDED);
  }

  @Test
  void contextIsBoundWhileTheResultIsWritten() {
    HttpResponse<String> response = http.send(http.request("/poto/test/contextual")
        .header("Authorization", "Bearer " + token).header(Protocol.REQUEST_ID_HEADER, "ctx-check-1")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(TestHttp.json(response).get("seenRequestId").asText()).isEqualTo("ctx-check-1");
  }

  /**
   * The server answers before reading a body it rejects; closing a connection with unread bytes would
   * reset it under the caller, who is still sending, and the answer would be lost. Repeated, because
   * that race does not lose every time.
   */
  @Test
  void hugeBodyIs413NotAConnectionError() {
    String huge = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    for (int i = 0; i < 30; i++) {
      assertProblem(call("hello", huge), 413, ProblemCodes.PAYLOAD_TOO_LARGE);
    }
  }

  @Test
  void hugeBodiesRejectedForOtherReasonsStillGetTheirAnswer() {
    String huge = "{\"name\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";
    for (int i = 0; i < 10; i++) {
      assertProblem(http.post("/poto/test/hello", huge, null), 401, ProblemCodes.UNAUTHENTICATED);
      assertProblem(http.send(http.request("/poto/test/hello").header("Content-Type", "text/plain")
              .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(huge)).build()),
          415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
      assertProblem(http.post("/poto/test/nope", huge, token), 404, ProblemCodes.UNKNOWN_METHOD);
    }
  }

  @Test
  void emptyChunkedBodyWithoutContentTypeMeansNoArguments() {
    HttpResponse<String> response = http.send(http.request("/poto/test/whoami")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[0]))).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }

  @Test
  void callsRunOnVirtualThreads() {
    assertThat(http.post("/poto/test/onVirtualThread", null, null).body()).isEqualTo("true");
  }

  @Test
  void streamResultIsAnEventStreamWithEndFrame() {
    HttpResponse<String> response = call("feed", null);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
    assertThat(response.headers().firstValue(Protocol.REQUEST_ID_HEADER)).isPresent();
    assertThat(response.body())
        .isEqualTo("event: item\ndata: {\"name\":\"a\",\"quantity\":1}\n\nevent: end\ndata: {\"count\":1}\n\n");
    assertThat(server.runtime().streamMetrics().open()).isZero();
  }

  @Test
  void moduleCodeReadsRequestHeadersCaseInsensitivelyFirstValueFirst() {
    HttpResponse<String> response = http.send(http.request("/poto/test/headers")
        .header("Authorization", "Bearer " + token)
        .header("x-lookup", "found").header("X-Multi", "first").header("X-Multi", "second")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode seen = TestHttp.json(response);
    assertThat(seen.get("lookup").asText()).isEqualTo("found");
    assertThat(seen.get("mapLookup").asText()).isEqualTo("found");
    assertThat(seen.get("multi").asText()).isEqualTo("first");
    assertThat(seen.get("mapMulti").asText()).isEqualTo("first");
  }

  @Test
  void aContextKeptAfterItsCallStillSeesItsOwnHeadersNotTheNextRequests() {
    // Same client, so the same keep-alive connection: Jetty parses the next request's headers there.
    for (String value : new String[] {"one", "two"}) {
      HttpResponse<String> response = http.send(http.request("/poto/test/headers")
          .header("Authorization", "Bearer " + token).header("X-Lookup", value)
          .POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(response.statusCode()).isEqualTo(200);
      RequestContext kept = TestModule.rememberedContext();
      assertThat(kept.header("X-Lookup")).isEqualTo(value);
      HttpResponse<String> next = http.send(http.request("/poto/test/add")
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .header("X-Lookup", "someone-else")
          .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1,\"b\":2}")).build());
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(kept.header("X-Lookup")).isEqualTo(value);
      assertThat(kept.requestHeaders()).containsEntry("X-Lookup", value);
    }
  }

  @Test
  void aRequestIdHeaderFromModuleCodeCannotReplaceTheRuntimes() {
    HttpResponse<String> response = http.send(http.request("/poto/test/withHeader")
        .header("Authorization", "Bearer " + token).header(Protocol.REQUEST_ID_HEADER, "caller-id-7")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().allValues(Protocol.REQUEST_ID_HEADER)).containsExactly("caller-id-7");
  }
}
