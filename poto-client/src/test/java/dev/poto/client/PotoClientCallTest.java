package dev.poto.client;

import dev.poto.protocol.ProblemCodes;
import static dev.poto.client.Methods.method;
import static dev.poto.client.Methods.optional;
import static dev.poto.client.Methods.param;
import static dev.poto.client.Methods.type;
import static dev.poto.protocol.GenericTypes.generic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeBindings;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PotoClientCallTest {
  @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
  @JsonSubTypes({@JsonSubTypes.Type(value = Circle.class, name = "circle"),
      @JsonSubTypes.Type(value = Square.class, name = "square")})
  sealed interface Shape permits Circle, Square {}

  record Circle(double radius) implements Shape {}

  record Square(double side) implements Shape {}

  record Todo(String title, int priority) {}

  private static final ObjectMapper JSON = PotoJson.newMapper();

  private final CountDownLatch releaseSlowHandlers = new CountDownLatch(1);
  private FakeServer server;
  private PotoClient client;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer();
    client = PotoClient.create(server.baseUrl());
  }

  @AfterEach
  void stop() {
    releaseSlowHandlers.countDown();
    client.close();
    server.close();
  }

  @Test
  void postsAJsonObjectKeyedByParameterNameToPrefixModuleMethod() throws Exception {
    server.on("/poto/todo/add", (req, ex) -> FakeServer.json(ex, 200, "{\"title\":\"milk\",\"priority\":2}"));
    RpcMethod add = method("todo", "add", type(Todo.class), ResultKind.VALUE,
        param("title", String.class), new RpcParam("priority", int.class, true));

    Todo todo = client.call(add, "milk", 2);

    assertThat(todo).isEqualTo(new Todo("milk", 2));
    FakeServer.Received request = server.received("/poto/todo/add").getFirst();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("Accept")).isEqualTo("application/json");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.header("Poto-Timeout-Ms")).isNull();
    assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("{\"title\":\"milk\",\"priority\":2}"));
  }

  @Test
  void encodesEachArgumentWithItsDeclaredType() throws Exception {
    server.on("/poto/draw/all", (req, ex) -> FakeServer.json(ex, 200, "2"));
    RpcMethod all = method("draw", "all", type(int.class), ResultKind.VALUE,
        new RpcParam("shapes", generic(List.class, Shape.class), true),
        new RpcParam("first", Shape.class, true));

    int count = client.call(all, List.of(new Circle(1.5), new Square(2)), new Square(3));

    assertThat(count).isEqualTo(2);
    // Written with its runtime class (an ArrayList of records) the list would lose the type ids.
    assertThat(JSON.readTree(server.received().getFirst().body())).isEqualTo(JSON.readTree(
        "{\"shapes\":[{\"kind\":\"circle\",\"radius\":1.5},{\"kind\":\"square\",\"side\":2.0}],"
            + "\"first\":{\"kind\":\"square\",\"side\":3.0}}"));
  }

  @Test
  void declaredTypesAreResolvedWithTheClientsOwnMapper() throws Exception {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    ObjectMapper mapper = PotoJson.newMapper();
    mapper.setTypeFactory(mapper.getTypeFactory().withModifier(new TypeModifier() {
      @Override
      public JavaType modifyType(JavaType type, java.lang.reflect.Type jdkType, TypeBindings bindings,
          TypeFactory factory) {
        seen.add(type.getRawClass().getSimpleName());
        return type;
      }
    }));
    server.on("/poto/draw/first", (req, ex) -> FakeServer.json(ex, 200, "{\"title\":\"t\",\"priority\":1}"));
    RpcMethod first = method("draw", "first", Todo.class, ResultKind.VALUE,
        new RpcParam("shapes", generic(List.class, Shape.class), true));
    try (PotoClient own = PotoClient.builder(server.baseUrl()).mapper(mapper).build()) {
      assertThat((Todo) own.call(first, List.of(new Circle(1)))).isEqualTo(new Todo("t", 1));
    }
    assertThat(seen).contains("List", "Shape", "Todo");
  }

  @Test
  void leavesOutNullOptionalArgumentsAndSendsNullForRequiredOnes() throws Exception {
    server.on("/poto/m/f", (req, ex) -> FakeServer.noContent(ex));
    RpcMethod f = method("m", "f", type(Void.class), ResultKind.VOID,
        optional("note", String.class), param("name", String.class),
        // Optional becomes a reference type through Jdk8Module's type modifier in the client's mapper.
        new RpcParam("maybe", generic(Optional.class, String.class), false),
        new RpcParam("none", generic(Optional.class, String.class), false));

    client.call(f, null, null, Optional.of("x"), Optional.empty());

    JsonNode body = JSON.readTree(server.received().getFirst().body());
    assertThat(body.has("note")).isFalse();
    assertThat(body.get("name").isNull()).isTrue();
    assertThat(body.get("maybe").asText()).isEqualTo("x");
    assertThat(body.get("none").isNull()).isTrue();
  }

  @Test
  void sendsAnEmptyObjectForAMethodWithoutParameters() {
    server.on("/poto/m/list", (req, ex) -> FakeServer.json(ex, 200, "[\"a\",\"b\"]"));
    RpcMethod list = method("m", "list", generic(List.class, String.class), ResultKind.VALUE);

    List<String> result = client.call(list);

    assertThat(result).containsExactly("a", "b");
    assertThat(server.received().getFirst().body()).isEqualTo("{}");
  }

  @Test
  void voidCallReturnsNullAfter204() {
    server.on("/poto/m/clear", (req, ex) -> FakeServer.noContent(ex));
    RpcMethod clear = method("m", "clear", type(Void.class), ResultKind.VOID);

    Object result = client.call(clear);

    assertThat(result).isNull();
    assertThat(server.received("/poto/m/clear")).hasSize(1);
  }

  @Test
  void problemJsonBecomesRpcExceptionWithItsFields() {
    server.on("/poto/m/f", (req, ex) -> {
      ex.getResponseHeaders().set("Poto-Request-Id", "header-id");
      FakeServer.send(ex, 409, "application/problem+json; charset=utf-8",
          FakeServer.problemJson(409, "board_full", "the board has no room", "body-id"));
    });

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(valueMethod()));

    assertThat(e.status()).isEqualTo(409);
    assertThat(e.code()).isEqualTo("board_full");
    assertThat(e.detail()).isEqualTo("the board has no room");
    assertThat(e.requestId()).isEqualTo("body-id");
  }

  @Test
  void problemWithoutRequestIdTakesItFromTheHeader() {
    server.on("/poto/m/f", (req, ex) -> {
      ex.getResponseHeaders().set("Poto-Request-Id", "header-id");
      FakeServer.send(ex, 404, "application/problem+json",
          "{\"status\":404,\"code\":\"unknown_method\",\"title\":\"Not found\",\"extra\":1}");
    });

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(valueMethod()));

    assertThat(e.code()).isEqualTo("unknown_method");
    assertThat(e.detail()).isEqualTo("Not found");
    assertThat(e.requestId()).isEqualTo("header-id");
  }

  @Test
  void nonProblemErrorIsAnUnexpectedResponseWithItsStatusAndShortText() {
    String page = "<html>" + "bad gateway ".repeat(100) + "</html>";
    server.on("/poto/m/f", (req, ex) -> FakeServer.send(ex, 502, "text/html", page));

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(valueMethod()));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo(ProblemCodes.UNEXPECTED_RESPONSE);
    assertThat(e.detail()).startsWith("HTTP 502: <html>bad gateway").hasSizeLessThan(300);
  }

  @Test
  void problemContentTypeWithAnUnreadableBodyFallsBackToTheStatus() {
    server.on("/poto/m/f", (req, ex) -> FakeServer.send(ex, 500, "application/problem+json", "not json"));

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(valueMethod()));

    assertThat(e.status()).isEqualTo(500);
    assertThat(e.code()).isEqualTo(ProblemCodes.UNEXPECTED_RESPONSE);
  }

  @Test
  void undecodableResultIsInvalidResponse() {
    server.on("/poto/m/f", (req, ex) -> FakeServer.json(ex, 200, "{\"title\":"));

    RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(valueMethod()));

    assertThat(e.status()).isEqualTo(502);
    assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_RESPONSE);
  }

  @Test
  void wrongArgumentCountOrResultKindIsRejectedBeforeSending() {
    RpcMethod stream = method("m", "s", type(String.class), ResultKind.STREAM);

    assertThatThrownBy(() -> client.call(valueMethod(), "extra"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("takes 0 argument(s), got 1");
    assertThatThrownBy(() -> client.call(stream)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.bytes(valueMethod())).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.received()).isEmpty();
  }

  @Test
  void noServerIsTransportError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (PotoClient nowhere = PotoClient.create("http://127.0.0.1:" + closedPort)) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> nowhere.call(valueMethod()));

      assertThat(e.status()).isEqualTo(503);
      assertThat(e.code()).isEqualTo("transport_error");
    }
  }

  @Test
  void perCallTimeoutIsSentAsHeaderAndEndsTheWaitAsDeadlineExceeded() {
    server.on("/poto/m/f", (req, ex) -> {
      releaseSlowHandlers.await(30, TimeUnit.SECONDS);
      FakeServer.json(ex, 200, "{}");
    });

    RpcException e = catchThrowableOfType(RpcException.class,
        () -> client.withTimeout(Duration.ofMillis(300)).call(valueMethod()));

    assertThat(e.status()).isEqualTo(504);
    assertThat(e.code()).isEqualTo("deadline_exceeded");
    assertThat(server.received().getFirst().header("Poto-Timeout-Ms")).isEqualTo("300");
  }

  @Test
  void defaultRequestTimeoutEndsTheWaitWithoutSendingADeadline() throws Exception {
    server.on("/poto/m/f", (req, ex) -> {
      releaseSlowHandlers.await(30, TimeUnit.SECONDS);
      FakeServer.json(ex, 200, "{}");
    });
    try (PotoClient quick = PotoClient.builder(server.baseUrl()).requestTimeout(Duration.ofMillis(300)).build()) {
      RpcException e = catchThrowableOfType(RpcException.class, () -> quick.call(valueMethod()));

      assertThat(e.code()).isEqualTo("deadline_exceeded");
      assertThat(server.received().getFirst().header("Poto-Timeout-Ms")).isNull();
    }
  }

  @Test
  void serverDeadlineProblemKeepsItsCode() {
    server.on("/poto/m/f", (req, ex) -> FakeServer.problem(ex, 504, "deadline_exceeded", "too slow"));

    RpcException e = catchThrowableOfType(RpcException.class,
        () -> client.withOptions(CallOptions.ofTimeout(Duration.ofSeconds(5)).withRequestId("my-id.1")).call(valueMethod()));

    assertThat(e.code()).isEqualTo("deadline_exceeded");
    assertThat(server.received().getFirst().header("Poto-Request-Id")).isEqualTo("my-id.1");
    assertThat(server.received().getFirst().header("Poto-Timeout-Ms")).isEqualTo("5000");
  }

  @Test
  void oneClientServesManyThreadsAtOnce() throws Exception {
    server.on("/poto/math/twice", (req, ex) -> {
      int n = JSON.readTree(req.body()).get("n").asInt();
      FakeServer.json(ex, 200, Integer.toString(2 * n));
    });
    RpcMethod twice = method("math", "twice", type(int.class), ResultKind.VALUE,
        new RpcParam("n", int.class, true));
    int threads = 32;
    int callsEach = 25;
    CountDownLatch ready = new CountDownLatch(threads);
    List<Future<List<Integer>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        int base = t * 1000;
        results.add(pool.submit(() -> {
          ready.countDown();
          ready.await(30, TimeUnit.SECONDS);
          List<Integer> mine = new ArrayList<>();
          for (int i = 0; i < callsEach; i++) {
            int answer = client.call(twice, base + i);
            mine.add(answer - 2 * (base + i)); // zero when the answer was for this very call
          }
          return mine;
        }));
      }
      for (Future<List<Integer>> result : results) {
        assertThat(result.get(60, TimeUnit.SECONDS)).hasSize(callsEach).containsOnly(0);
      }
    }
    assertThat(server.received("/poto/math/twice")).hasSize(threads * callsEach);
  }

  @Test
  void closedClientRefusesCalls() {
    client.close();

    assertThatThrownBy(() -> client.call(valueMethod())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aResultThatWouldChangeOnTheWayIsInvalidResponseNotAnotherValue() {
    record Case(Class<?> type, String answer) {}
    for (Case c : List.of(new Case(int.class, "1.9"), new Case(int.class, "\"5\""), new Case(int.class, "2147483648"),
        new Case(byte.class, "200"), new Case(float.class, "1e39"), new Case(double.class, "\"INF\""),
        new Case(String.class, "12345"), new Case(Todo.class, "{\"title\":\"a\"}"),
        new Case(Todo.class, "{\"title\":\"a\",\"priority\":1,\"title\":\"b\"}"), new Case(int.class, "1 2"))) {
      server.on("/poto/m/n", (req, ex) -> FakeServer.json(ex, 200, c.answer()));
      RpcException e = catchThrowableOfType(RpcException.class,
          () -> client.call(method("m", "n", type(c.type()), ResultKind.VALUE)));
      assertThat(e).as(c.toString()).isNotNull();
      assertThat(e.code()).as(c.toString()).isEqualTo(ProblemCodes.INVALID_RESPONSE);
    }
  }

  @Test
  void aResultThatIsNotUtf8IsInvalidResponse() {
    server.on("/poto/m/n", (req, ex) -> {
      byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"'};
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, overlong.length);
      try (var out = ex.getResponseBody()) {
        out.write(overlong);
      }
    });
    RpcException e = catchThrowableOfType(RpcException.class,
        () -> client.call(method("m", "n", type(String.class), ResultKind.VALUE)));
    assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_RESPONSE);
  }

  private static RpcMethod valueMethod() {
    return method("m", "f", type(Todo.class), ResultKind.VALUE);
  }
}
