package dev.poto.it.wire;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.it.core.RawHttp;
import dev.poto.it.errors.ErrorsModule;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.samples.board.BoardApp;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /poto/_openapi.json} of the board sample: the processor's OpenAPI document limited to the
 * served modules. In Node ({@code openapi.test.mjs}) a real OpenAPI 3.1 validator accepts it, and the
 * types openapi-typescript generates from it type-check calls to the board.
 */
class OpenApiNodeTest {
  private static final String SECRET = "openapi-test-secret-0123456789abcdefgh";

  @Test
  void theBoardsDocumentValidatesAndItsGeneratedTypesCheck() throws Exception {
    NodeTools.requireNodeModules("typescript", "openapi-typescript", "@seriousme/openapi-schema-validator");
    Path work = NodeTools.BASEDIR.resolve("target/openapi-board");
    NodeTools.deleteTree(work);
    Files.createDirectories(work);
    try (BoardApp app = BoardApp.start("127.0.0.1", 0)) {
      RawHttp raw = new RawHttp(app.port());
      HttpResponse<String> answer = raw.send(raw.request("/poto/_openapi.json").GET().build());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
      JsonNode document = RawHttp.json(answer);
      assertThat(document.path("servers").toString()).isEqualTo("[{\"url\":\"/poto\"}]");
      List<String> paths = new ArrayList<>();
      document.path("paths").fieldNames().forEachRemaining(paths::add);
      assertThat(paths).contains("/board/post", "/board/watch", "/board/clear").allMatch(p -> p.startsWith("/board/"));
      assertThat(document.path("paths").path("/board/post").path("post").path("responses").path("400")
          .toString()).contains("dev.poto.samples.board.InvalidNote");
      Files.writeString(work.resolve("board-openapi.json"), answer.body());
    }
    NodeTools.Result result = NodeTools.node(NodeTools.TESTS, Map.of(
            "POTO_OPENAPI_FILE", work.resolve("board-openapi.json").toString(),
            "POTO_OPENAPI_WORK", work.resolve("tsc").toString()),
        300, "--test", "--test-reporter=spec", "openapi.test.mjs");
    System.out.println(result.output());
    assertThat(result.exitCode()).as("node --test failed:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("pass 2").contains("fail 0");
  }

  @Test
  void oneSwitchTurnsTheDocumentOff() {
    PotoServer on = PotoServer.builder().host("127.0.0.1").port(0).module(new ErrorsModule())
        .jwt(jwt -> jwt.secret(SECRET)).build().start();
    PotoServer off = PotoServer.builder().host("127.0.0.1").port(0).module(new ErrorsModule())
        .prefix("/api").configure(config -> config.openApi(false)).jwt(jwt -> jwt.secret(SECRET)).build().start();
    try {
      RawHttp rawOn = new RawHttp(on.port());
      JsonNode document = RawHttp.json(rawOn.send(rawOn.request("/poto/_openapi.json").GET().build()));
      List<String> paths = new ArrayList<>();
      document.path("paths").fieldNames().forEachRemaining(paths::add);
      assertThat(paths).as("only the served module, not the compilation's others")
          .containsExactlyInAnyOrder("/errors/note", "/errors/spend", "/errors/undeclared", "/errors/lines",
              "/errors/brokenLines", "/errors/clash");
      assertThat(document.path("paths").path("/errors/note").path("post").path("security").toString()).isEqualTo("[]");
      assertProblem(rawOn.send(rawOn.request("/poto/_openapi.json").POST(HttpRequest.BodyPublishers.noBody()).build()),
          405, ProblemCodes.METHOD_NOT_ALLOWED);

      RawHttp rawOff = new RawHttp(off.port());
      assertProblem(rawOff.send(rawOff.request("/api/_openapi.json").GET().build()), 404, ProblemCodes.UNKNOWN_FILE);
    } finally {
      on.stop();
      off.stop();
    }
  }
}
