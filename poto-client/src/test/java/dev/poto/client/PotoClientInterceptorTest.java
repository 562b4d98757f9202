package dev.poto.client;

import static dev.poto.client.Methods.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interceptors, per-call headers and the message of a failed call, in the Java client. */
class PotoClientInterceptorTest {
  private static final RpcMethod ADD = method("todo", "add", String.class, ResultKind.VALUE);

  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    server.on("/poto/todo/add", (req, ex) -> FakeServer.json(ex, 200, "\"ok\""));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aBearerTokenSupplierIsAskedForEveryRequest() {
    AtomicInteger issued = new AtomicInteger();
    try (PotoClient client = PotoClient.builder(server.baseUrl())
        .interceptor(CallInterceptor.bearerToken(() -> "idp-" + issued.incrementAndGet())).build()) {
      client.call(ADD);
      client.call(ADD);
    }
    assertThat(server.received("/poto/todo/add")).extracting(r -> r.header("Authorization"))
        .containsExactly("Bearer idp-1", "Bearer idp-2");
  }

  @Test
  void interceptorsRunFirstOutermostAndSeeEveryAnswerWithItsStatus() {
    server.on("/poto/todo/gone", (req, ex) -> FakeServer.problem(ex, 404, "unknown_method", "No method gone"));
    List<String> seen = new CopyOnWriteArrayList<>();
    CallInterceptor outer = (call, next) -> {
      call.header("X-Trace", "outer");
      seen.add("outer>" + call.procedure());
      CallAnswer answer = next.proceed(call);
      seen.add("outer<" + answer.status() + " " + answer.requestId());
      return answer;
    };
    CallInterceptor inner = (call, next) -> {
      seen.add("inner sees X-Trace=" + call.headers().get("x-trace"));
      call.header("X-Trace", "inner");
      return next.proceed(call);
    };
    try (PotoClient client = PotoClient.builder(server.baseUrl()).interceptor(outer).interceptor(inner).build()) {
      client.call(ADD);
      RpcException e = catchThrowableOfType(RpcException.class,
          () -> client.call(method("todo", "gone", String.class, ResultKind.VALUE)));
      assertThat(e.code()).isEqualTo("unknown_method");
    }
    assertThat(seen).containsExactly(
        "outer>todo.add", "inner sees X-Trace=outer", "outer<200 null",
        "outer>todo.gone", "inner sees X-Trace=outer", "outer<404 null");
    assertThat(server.received("/poto/todo/add").getFirst().header("X-Trace")).isEqualTo("inner");
  }

  @Test
  void interceptorsWrapLoginsToo() {
    server.on("/poto/_auth/visitor", (req, ex) -> FakeServer.json(ex, 200,
        "{\"token\":\"v1\",\"userId\":\"visitor_1\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"));
    List<String> procedures = new CopyOnWriteArrayList<>();
    try (PotoClient client = PotoClient.builder(server.baseUrl())
        .interceptor((call, next) -> {
          procedures.add(call.procedure());
          return next.proceed(call);
        }).build()) {
      client.loginAsVisitor();
      client.call(ADD);
    }
    assertThat(procedures).containsExactly("_auth/visitor", "todo.add");
    assertThat(server.received("/poto/todo/add").getFirst().header("Authorization")).isEqualTo("Bearer v1");
  }

  @Test
  void anInterceptorMayNotSetTheBodysHeadersNorSkipTheRequest() {
    try (PotoClient client = PotoClient.builder(server.baseUrl())
        .interceptor((call, next) -> next.proceed(call.header("Content-Type", "text/plain"))).build()) {
      assertThatThrownBy(() -> client.call(ADD)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Content-Type");
    }
    try (PotoClient client = PotoClient.builder(server.baseUrl())
        .interceptor((call, next) -> new CallAnswer(200, null)).build()) {
      assertThatThrownBy(() -> client.call(ADD)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("without proceeding with todo.add");
    }
    assertThat(server.received("/poto/todo/add")).isEmpty();
  }

  @Test
  void perCallHeadersAreSentAndWinOverTheClientsHeaders() {
    try (PotoClient client = PotoClient.builder(server.baseUrl())
        .headers(header -> {
          header.accept("X-Tenant", "from-builder");
          header.accept("X-Other", "kept");
        }).build()) {
      client.withOptions(CallOptions.DEFAULTS.withHeader("x-tenant", "acme").withHeader("X-Flag", "1")).call(ADD);
      client.call(ADD);
    }
    List<FakeServer.Received> requests = server.received("/poto/todo/add");
    assertThat(requests.get(0).header("X-Tenant")).isEqualTo("acme");
    assertThat(requests.get(0).header("X-Flag")).isEqualTo("1");
    assertThat(requests.get(0).header("X-Other")).isEqualTo("kept");
    assertThat(requests.get(1).header("X-Tenant")).isEqualTo("from-builder");
    assertThat(requests.get(1).header("X-Flag")).isNull();
  }

  @Test
  void perCallHeadersCannotReplaceTheProtocolsOwn() {
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withHeader("Authorization", "Bearer x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Authorization");
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withHeader("poto-timeout-ms", "5"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withHeader("Poto-Args", "{}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Poto-Args");
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withHeader("poto-upload-name", "a.txt"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withHeader("X-Evil", "a\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line break");
  }

  @Test
  void aFailedCallsMessageNamesStatusCodeCallAndRequestId() {
    server.on("/poto/todo/add", (req, ex) -> {
      ex.getResponseHeaders().set("Poto-Request-Id", "req-77");
      FakeServer.send(ex, 403, "application/problem+json",
          "{\"status\":403,\"code\":\"forbidden\",\"detail\":\"Needs the role admin\"}");
    });
    try (PotoClient client = PotoClient.create(server.baseUrl())) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(ADD));
      assertThat(e.getMessage()).isEqualTo("403 forbidden from todo.add (request req-77): Needs the role admin");
      assertThat(e.detail()).isEqualTo("Needs the role admin");
      assertThat(e.call()).isEqualTo("todo.add");
    }
  }

  @Test
  void aTransportFailureNamesTheCallToo() throws Exception {
    int unused;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      unused = socket.getLocalPort();
    }
    try (PotoClient client = PotoClient.create("http://127.0.0.1:" + unused)) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(ADD));
      assertThat(e.getMessage()).startsWith("503 transport_error from todo.add: no answer from ");
    }
  }
}
