package dev.poto.it.core;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.client.CallOptions;
import dev.poto.client.PotoClient;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every answer of the wire protocol, over real HTTP: through the generated {@link CoreModuleClient}
 * where a Java caller can make the call, raw java.net.http where it cannot.
 */
class ProtocolErrorsOverHttpTest {
  private static CoreServer server;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    server = new CoreServer();
    raw = server.raw;
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ---- success shapes -----------------------------------------------------------------------------

  @Test
  void generatedClientCallsPublicMethodsWithoutAToken() {
    try (PotoClient client = server.client()) {
      CoreModuleClient core = new CoreModuleClient(client);
      assertEquals("pong:hi", core.ping("hi"));
      assertEquals(5, core.add(2, 3));
      assertEquals("no note", core.optionalNote(null));
      assertEquals("note:x", core.optionalNote("x"));
      Caller anonymous = core.publicCaller();
      assertNull(anonymous.userId(), "an anonymous call to a @Public method has no user");
      assertNotNull(anonymous.requestId());
    }
  }

  @Test
  void voidAnswers204WithARequestIdAndNoBody() {
    try (PotoClient client = server.client()) {
      client.loginAsVisitor();
      CoreModuleClient core = new CoreModuleClient(client);
      int before = core.touches();
      core.touch();
      assertEquals(before + 1, core.touches(), "the void method ran once");
    }
    HttpResponse<String> response = raw.post("/poto/core/touch", null, raw.visitorToken());
    assertEquals(204, response.statusCode(), response.body());
    assertEquals("", response.body());
    assertTrue(response.headers().firstValue("Poto-Request-Id").isPresent());
  }

  @Test
  void currentUserInsideAMethodIsTheCaller() {
    try (PotoClient client = server.client()) {
      String id = client.loginAsVisitor().userId();
      Caller caller = new CoreModuleClient(client).whoami();
      assertEquals(id, caller.userId());
      assertEquals(List.of("visitor"), caller.roles());
      Caller viaPublic = new CoreModuleClient(client).publicCaller();
      assertEquals(id, viaPublic.userId(), "a @Public method still sees a caller who sent a token");
    }
  }

  @Test
  void aValidIncomingRequestIdIsKeptAndAnUnsafeOneReplaced() {
    try (PotoClient client = server.client()) {
      client.loginAsVisitor();
      CoreModuleClient core = new CoreModuleClient(client.withOptions(CallOptions.DEFAULTS.withRequestId("trace-42.a_b")));
      assertEquals("trace-42.a_b", core.whoami().requestId());
    }
    HttpResponse<String> unsafe =
        raw.send(raw.request("/poto/core/ping").header("Content-Type", "application/json")
            .header("Poto-Request-Id", "bad id with spaces")
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"a\"}")).build());
    assertEquals(200, unsafe.statusCode());
    String issued = unsafe.headers().firstValue("Poto-Request-Id").orElseThrow();
    assertFalse(issued.contains(" "), issued);
    assertTrue(issued.matches("[A-Za-z0-9._-]{1,64}"), issued);
  }

  // ---- 404 / 405 ----------------------------------------------------------------------------------

  @Test
  void unknownModuleAndMethodAre404() {
    assertProblem(raw.post("/poto/nosuch/ping", "{}", null), 404, ProblemCodes.UNKNOWN_MODULE);
    assertProblem(raw.post("/poto/core/nosuch", "{}", null), 404, ProblemCodes.UNKNOWN_METHOD);
    assertProblem(raw.post("/poto/core", "{}", null), 404, ProblemCodes.UNKNOWN_METHOD);
    assertProblem(raw.post("/poto/core/ping/extra", "{}", null), 404, ProblemCodes.UNKNOWN_METHOD);
    // The Java client with a hand-made method descriptor sees the same answer as a typed exception.
    RpcMethod ghost = new RpcMethod("nosuch", "ping", 0, ResultKind.VALUE, String.class);
    try (PotoClient client = server.client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.call(ghost));
      assertEquals(404, e.status());
      assertEquals(ProblemCodes.UNKNOWN_MODULE, e.code());
      assertNotNull(e.requestId());
    }
  }

  @Test
  void nonPostMethodsAre405WithAllowPost() {
    for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> response =
          raw.send(raw.request("/poto/core/ping").method(method, HttpRequest.BodyPublishers.noBody()).build());
      assertProblem(response, 405, ProblemCodes.METHOD_NOT_ALLOWED);
      assertEquals("POST", response.headers().firstValue("Allow").orElse(null), method);
    }
  }

  // ---- 415 / 413 ----------------------------------------------------------------------------------

  @Test
  void aBodyWithoutJsonContentTypeIs415() {
    HttpResponse<String> textPlain = raw.send(raw.request("/poto/core/ping").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"a\"}")).build());
    assertProblem(textPlain, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    HttpResponse<String> none = raw.send(raw.request("/poto/core/ping")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"a\"}")).build());
    assertProblem(none, 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    HttpResponse<String> withCharset = raw.send(raw.request("/poto/core/ping")
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"a\"}")).build());
    assertEquals(200, withCharset.statusCode(), "a charset parameter is fine: " + withCharset.body());
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "x".repeat(CoreServer.MAX_BODY_BYTES + 1);
    try (PotoClient client = server.client()) {
      CoreModuleClient core = new CoreModuleClient(client);
      RpcException e = assertThrows(RpcException.class, () -> core.length(big));
      assertEquals(413, e.status());
      assertEquals(ProblemCodes.PAYLOAD_TOO_LARGE, e.code());
      assertNotNull(e.requestId());
      assertEquals(100, core.length("y".repeat(100)), "a body under the limit passes");
    }
    assertProblem(raw.post("/poto/core/length", "{\"payload\":\"" + big + "\"}", null), 413, ProblemCodes.PAYLOAD_TOO_LARGE);
  }

  // ---- 400: arguments -----------------------------------------------------------------------------

  @Test
  void malformedJsonAndNonObjectBodiesAre400MalformedJson() {
    for (String body : List.of("{\"text\":", "not json", "[\"a\"]", "\"a\"", "42", "{\"text\":\"a\"} trailing")) {
      assertProblem(raw.post("/poto/core/ping", body, null), 400, ProblemCodes.MALFORMED_JSON);
    }
  }

  @Test
  void anUnknownArgumentIs400() {
    JsonNode problem = assertProblem(raw.post("/poto/core/ping", "{\"text\":\"a\",\"extra\":1}", null), 400,
        ProblemCodes.UNKNOWN_ARGUMENT);
    assertTrue(problem.path("detail").asText().contains("extra"), problem.toString());
  }

  @Test
  void aMissingArgumentIs400AndNamedInTheMessage() {
    JsonNode problem = assertProblem(raw.post("/poto/core/add", "{\"a\":1}", null), 400, ProblemCodes.MISSING_ARGUMENT);
    assertTrue(problem.path("detail").asText().contains("'b'") || problem.path("detail").asText().contains("b"),
        problem.toString());
    JsonNode emptyBody = assertProblem(raw.post("/poto/core/ping", null, null), 400, ProblemCodes.MISSING_ARGUMENT);
    assertTrue(emptyBody.path("detail").asText().contains("text"), "an empty body is {} and misses 'text': " + emptyBody);
    // A @Nullable parameter may be left out.
    HttpResponse<String> optional = raw.post("/poto/core/optionalNote", "{}", null);
    assertEquals(200, optional.statusCode(), optional.body());
    assertEquals("\"no note\"", optional.body());
  }

  @Test
  void nullForAPrimitiveOrRequiredParameterIs400NullArgument() {
    JsonNode primitive = assertProblem(raw.post("/poto/core/add", "{\"a\":null,\"b\":1}", null), 400, ProblemCodes.NULL_ARGUMENT);
    assertTrue(primitive.path("detail").asText().contains("a"), primitive.toString());
    assertProblem(raw.post("/poto/core/ping", "{\"text\":null}", null), 400, ProblemCodes.NULL_ARGUMENT);
  }

  @Test
  void aValueOfTheWrongShapeIs400InvalidArgument() {
    assertProblem(raw.post("/poto/core/add", "{\"a\":\"one\",\"b\":1}", null), 400, ProblemCodes.INVALID_ARGUMENT);
    assertProblem(raw.post("/poto/core/ping", "{\"text\":{\"nested\":true}}", null), 400, ProblemCodes.INVALID_ARGUMENT);
  }

  // ---- failures from module code ------------------------------------------------------------------

  @Test
  void anExceptionFromModuleCodeIs500WithARequestIdAndNothingElse() {
    HttpResponse<String> response = raw.post("/poto/core/explode", "{}", null);
    JsonNode problem = assertProblem(response, 500, ProblemCodes.INTERNAL_ERROR);
    String body = response.body();
    String requestId = problem.path("requestId").asText();
    assertFalse(requestId.isEmpty());
    assertTrue(problem.path("detail").asText().contains(requestId), "the message quotes the request id: " + body);
    assertFalse(body.contains("hunter2"), "the exception's message leaked: " + body);
    assertFalse(body.contains("IllegalStateException"), "the exception's class leaked: " + body);
    assertFalse(body.contains("dev.poto") || body.contains("\tat ") || body.contains(".java:"), "a stack trace leaked: " + body);

    try (PotoClient client = server.client()) {
      RpcException e = assertThrows(RpcException.class, () -> new CoreModuleClient(client).explode());
      assertEquals(500, e.status());
      assertEquals(ProblemCodes.INTERNAL_ERROR, e.code());
      assertNotNull(e.requestId());
      assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }
  }

  @Test
  void anRpcExceptionFromModuleCodeKeepsStatusCodeAndMessage() {
    JsonNode problem = assertProblem(raw.post("/poto/core/refuse", "{}", null), 409, "already_done");
    assertEquals("This was done already", problem.path("detail").asText());
    try (PotoClient client = server.client()) {
      RpcException e = assertThrows(RpcException.class, () -> new CoreModuleClient(client).refuse());
      assertEquals(409, e.status());
      assertEquals("already_done", e.code());
      assertEquals("This was done already", e.detail());
      assertNotNull(e.requestId());
    }
  }

  // ---- access -------------------------------------------------------------------------------------

  @Test
  void aProtectedMethodWithoutATokenIs401Unauthenticated() {
    assertProblem(raw.post("/poto/core/whoami", "{}", null), 401, ProblemCodes.UNAUTHENTICATED);
    try (PotoClient client = server.client()) {
      RpcException e = assertThrows(RpcException.class, () -> new CoreModuleClient(client).whoami());
      assertEquals(401, e.status());
      assertEquals(ProblemCodes.UNAUTHENTICATED, e.code());
    }
  }

  @Test
  void rolesAre403ForAVisitorAndAUserWithoutTheRoleAndSucceedForTheAdmin() {
    assertProblem(raw.post("/poto/core/adminOnly", "{}", raw.visitorToken()), 403, ProblemCodes.FORBIDDEN);
    assertProblem(raw.post("/poto/core/adminOnly", "{}", null), 401, ProblemCodes.UNAUTHENTICATED);
    try (PotoClient alice = server.client(); PotoClient root = server.client()) {
      alice.login("alice", "alice-password");
      RpcException e = assertThrows(RpcException.class, () -> new CoreModuleClient(alice).adminOnly());
      assertEquals(403, e.status());
      assertEquals(ProblemCodes.FORBIDDEN, e.code());

      assertEquals(server.admin.id(), root.login("root", "root-password").userId());
      Caller caller = new CoreModuleClient(root).adminOnly();
      assertEquals(server.admin.id(), caller.userId());
      assertEquals(List.of("admin"), caller.roles());
    }
  }

  @Test
  void wrongPasswordAndUnknownUserGetTheSame401() {
    HttpResponse<String> wrong = raw.post("/poto/_auth/login", "{\"username\":\"alice\",\"password\":\"nope\"}", null);
    HttpResponse<String> unknown = raw.post("/poto/_auth/login", "{\"username\":\"mallory\",\"password\":\"nope\"}", null);
    JsonNode a = assertProblem(wrong, 401, ProblemCodes.INVALID_CREDENTIALS);
    JsonNode b = assertProblem(unknown, 401, ProblemCodes.INVALID_CREDENTIALS);
    assertEquals(a.path("detail").asText(), b.path("detail").asText());
    try (PotoClient client = server.client()) {
      RpcException e = assertThrows(RpcException.class, () -> client.login("alice", "nope"));
      assertEquals(ProblemCodes.INVALID_CREDENTIALS, e.code());
      assertNull(client.token(), "a failed login leaves the client anonymous");
    }
  }
}
