package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.JwtConfig;
import dev.poto.runtime.auth.TokenService;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks the order of checks that docs/PROTOCOL.md §2 documents. Each step sends a request with its own
 * fault and every fault of the later steps, and must be answered with its own code; the steps' codes
 * must come in the order of the document's table.
 */
class CheckOrderTest {
  private static final int LIMIT = 2048;
  private static PotoServer server;
  private static TestHttp http;

  /** One request, built from the faults still present. */
  private record Faults(
      boolean notPost, boolean unknownModule, boolean unknownMethod, String token, boolean badTimeout,
      boolean notJson, boolean tooLarge, boolean malformed, boolean unknownKey, boolean nullValue,
      boolean wrongShape, boolean missing) {}

  private record Step(String code, Faults request) {}

  @BeforeAll
  static void start() {
    server = TestServers.start(config -> config.maxBodyBytes(LIMIT).module(new GuardedDispatcher()));
    http = new TestHttp(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @Test
  void theServerChecksInTheDocumentedOrder() throws IOException {
    TokenService tokens = new TokenService(new JwtConfig().secret(TestServers.SECRET));
    String admin = tokens.issue(new PotoUser("u_admin", Set.of("admin"))).token();
    String visitor = tokens.issue(new PotoUser("u_visitor", Set.of("visitor"))).token();
    Clock past = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
    String expired = new TokenService(new JwtConfig().secret(TestServers.SECRET), past)
        .issue(new PotoUser("u_admin", Set.of("admin"))).token();

    List<Step> steps = List.of(
        new Step(ProblemCodes.METHOD_NOT_ALLOWED, new Faults(true, true, true, null, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.UNKNOWN_MODULE, new Faults(false, true, true, null, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.UNKNOWN_METHOD, new Faults(false, false, true, null, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.UNAUTHENTICATED, new Faults(false, false, false, null, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.INVALID_TOKEN, new Faults(false, false, false, "not.a.token", true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.TOKEN_EXPIRED, new Faults(false, false, false, expired, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.FORBIDDEN, new Faults(false, false, false, visitor, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.INVALID_ARGUMENT, new Faults(false, false, false, admin, true, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.UNSUPPORTED_MEDIA_TYPE, new Faults(false, false, false, admin, false, true, true, true, true, true, true, true)),
        new Step(ProblemCodes.PAYLOAD_TOO_LARGE, new Faults(false, false, false, admin, false, false, true, true, true, true, true, true)),
        new Step(ProblemCodes.MALFORMED_JSON, new Faults(false, false, false, admin, false, false, false, true, true, true, true, true)),
        new Step(ProblemCodes.UNKNOWN_ARGUMENT, new Faults(false, false, false, admin, false, false, false, false, true, true, true, true)),
        new Step(ProblemCodes.NULL_ARGUMENT, new Faults(false, false, false, admin, false, false, false, false, false, true, true, true)),
        new Step(ProblemCodes.INVALID_ARGUMENT, new Faults(false, false, false, admin, false, false, false, false, false, false, true, true)),
        new Step(ProblemCodes.MISSING_ARGUMENT, new Faults(false, false, false, admin, false, false, false, false, false, false, false, true)));

    for (Step step : steps) {
      HttpResponse<String> response = http.send(request(step.request()));
      assertThat(TestHttp.json(response).path("code").asText()).as("%s: %s", step, response.body()).isEqualTo(step.code());
    }
    HttpResponse<String> none = http.send(request(new Faults(false, false, false, admin, false, false, false, false, false, false, false, false)));
    assertThat(none.statusCode()).as(none.body()).isEqualTo(200);

    assertThat(isInOrder(steps.stream().map(Step::code).toList(), documentedOrder()))
        .as("the steps follow docs/PROTOCOL.md: %s", documentedOrder())
        .isTrue();
  }

  private static HttpRequest request(Faults f) {
    String path = "/poto/" + (f.unknownModule() ? "nope" : "guarded") + "/" + (f.unknownMethod() ? "nope" : "sum");
    StringBuilder body = new StringBuilder(f.malformed() ? "]{" : "{");
    List<String> members = new ArrayList<>();
    if (f.unknownKey()) {
      members.add("\"zzz\":1");
    }
    members.add(f.nullValue() ? "\"a\":null" : "\"a\":1");
    members.add(f.wrongShape() ? "\"b\":\"two\"" : "\"b\":2");
    if (!f.missing()) {
      members.add("\"c\":\"three\"");
    }
    body.append(String.join(",", members)).append('}');
    if (f.tooLarge()) {
      body.append(" ".repeat(LIMIT)); // JSON whitespace: only the size is wrong
    }
    HttpRequest.Builder builder = http.request(path)
        .header("Content-Type", f.notJson() ? "text/plain" : "application/json")
        .method(f.notPost() ? "PUT" : "POST", HttpRequest.BodyPublishers.ofString(body.toString()));
    if (f.token() != null) {
      builder.header(Protocol.AUTHORIZATION, "Bearer " + f.token());
    }
    if (f.badTimeout()) {
      builder.header(Protocol.TIMEOUT_HEADER, "soon");
    }
    return builder.build();
  }

  /** The codes of §2's first table, top to bottom. */
  private static List<String> documentedOrder() throws IOException {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    String table = protocol.substring(protocol.indexOf("| status | code | when |"));
    table = table.substring(0, table.indexOf("\n\n"));
    List<String> codes = new ArrayList<>();
    for (String row : table.split("\n")) {
      String[] cells = row.split("\\|");
      if (cells.length > 2 && cells[2].strip().startsWith("`")) {
        codes.add(cells[2].strip().replace("`", ""));
      }
    }
    return codes;
  }

  /** Whether {@code steps} is a subsequence of {@code documented}. */
  private static boolean isInOrder(List<String> steps, List<String> documented) {
    int at = 0;
    for (String code : steps) {
      while (at < documented.size() && !documented.get(at).equals(code)) {
        at++;
      }
      if (at == documented.size()) {
        return false;
      }
      at++;
    }
    return true;
  }

  /** {@code @Roles("admin") int sum(int a, int b, String c)}, hand-written like a generated dispatcher. */
  private static final class GuardedDispatcher implements ModuleDispatcher {
    private static final RpcMethod SUM = new RpcMethod("guarded", "sum", 0, ResultKind.VALUE, int.class,
        new RpcParam("a", int.class, true),
        new RpcParam("b", int.class, true),
        new RpcParam("c", String.class, true));

    @Override
    public List<RpcMethod> methods() {
      return List.of(SUM);
    }

    @Override
    public MethodAccess access(int index) {
      return MethodAccess.roles("admin");
    }

    @Override
    public Object invoke(int index, Object[] args) {
      return (int) args[0] + (int) args[1];
    }
  }
}
