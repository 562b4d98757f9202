package dev.poto.client;

import static dev.poto.client.Methods.method;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java client against {@code docs/client-behaviour.json}, the table the TypeScript client's
 * {@code client-behaviour.test.mjs} reads too: the same answers end the same way in both clients.
 */
class PotoClientBehaviourTest {
  private static final ObjectMapper JSON = PotoJson.newMapper();
  private static final RpcMethod CALL = method("m", "f", JsonNode.class, ResultKind.VALUE);
  private static final String LOGIN =
      "{\"token\":\"%s\",\"userId\":\"%s\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}";

  static Stream<Named<JsonNode>> cases() throws IOException {
    JsonNode table = JSON.readTree(Files.readString(Path.of("..", "docs", "client-behaviour.json")));
    List<Named<JsonNode>> cases = new ArrayList<>();
    table.get("cases").forEach(c -> cases.add(Named.of(c.get("name").asText(), c)));
    assertThat(cases).hasSizeGreaterThan(10);
    return cases.stream();
  }

  @ParameterizedTest
  @MethodSource("cases")
  void endsAsTheTableSays(JsonNode c) throws Exception {
    JsonNode answers = c.get("answers");
    JsonNode expect = c.get("expect");
    try (FakeServer server = new FakeServer()) {
      AtomicInteger visitorLogins = new AtomicInteger();
      AtomicInteger calls = new AtomicInteger();
      server.on("/poto/_auth/visitor", (req, ex) -> FakeServer.json(ex, 200,
          LOGIN.formatted("visitor-" + visitorLogins.incrementAndGet(), "visitor_" + visitorLogins.get())));
      server.on("/poto/_auth/login", (req, ex) -> FakeServer.json(ex, 200, LOGIN.formatted("user-1", "alice")));
      server.on("/poto/m/f", (req, ex) -> {
        JsonNode answer = answers.get(Math.min(calls.getAndIncrement(), answers.size() - 1));
        if (answer.has("transport")) {
          throw new IOException("closing the connection without an answer");
        }
        JsonNode body = answer.get("body");
        FakeServer.send(ex, answer.get("status").asInt(), answer.get("contentType").asText(),
            body.isTextual() ? body.asText() : JSON.writeValueAsString(body));
      });
      boolean refused = "refused".equals(answers.get(0).path("transport").asText());
      String baseUrl = refused ? "http://127.0.0.1:" + unusedPort() : server.baseUrl();
      try (PotoClient client = PotoClient.create(baseUrl)) {
        switch (c.get("login").asText()) {
          case "visitor" -> client.loginAsVisitor();
          case "user" -> client.login("alice", "secret");
          default -> { }
        }
        int loginsBefore = visitorLogins.get();
        if (expect.has("result")) {
          JsonNode result = client.call(CALL);
          assertThat(result).isEqualTo(expect.get("result"));
        } else {
          RpcException e = catchThrowableOfType(RpcException.class, () -> client.call(CALL));
          assertThat(e).as("the call fails").isNotNull();
          assertThat(e.status()).as("status").isEqualTo(expect.get("status").asInt());
          assertThat(e.code()).as("code").isEqualTo(expect.get("code").asText());
        }
        if (expect.has("visitorLogins")) {
          assertThat(visitorLogins.get() - loginsBefore).as("visitor logins after the first")
              .isEqualTo(expect.get("visitorLogins").asInt());
        }
        if (!refused) {
          assertThat(calls.get()).as("requests to m/f").isEqualTo(answers.size());
        }
      }
    }
  }

  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
