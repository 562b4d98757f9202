package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import io.javalin.Javalin;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET {prefix}/_client/<file>} serves the generated client from META-INF/poto/client/ (test resources). */
class ClientAssetsHandlerTest {
  private static PotoServer server;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    server = TestServers.start();
    http = new TestHttp(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> get(String path) {
    return http.send(http.request(path).GET().build());
  }

  @Test
  void javaScriptIsServedAsAModuleScriptWithAnEtag() {
    HttpResponse<String> js = get("/poto/_client/demo.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.body()).contains("export const demo = 1;");
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(js.headers().firstValue("Cache-Control")).hasValue("no-cache");
    assertThat(js.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(js.headers().firstValue("Poto-Request-Id")).isPresent();
    String etag = js.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again = http.send(http.request("/poto/_client/demo.js").header("If-None-Match", etag).GET().build());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
  }

  @Test
  void theClientComesFromTheCompilationOfTheServedModules(@TempDir Path dir) throws Exception {
    // Two compilations on one class path, each with its own types.js: only the served one counts.
    Path first = Files.createDirectories(dir.resolve("first/META-INF/poto/client"));
    Path second = Files.createDirectories(dir.resolve("second/META-INF/poto/client"));
    Files.writeString(first.resolve("types.js"), "// first");
    Files.writeString(first.resolve("other.js"), "// other module");
    Files.writeString(second.resolve("types.js"), "// second");
    Files.writeString(second.resolve("served.js"), "// served module");
    Files.writeString(second.resolve("served.d.ts"), "// served declarations");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {
        dir.resolve("first/").toUri().toURL(), dir.resolve("second/").toUri().toURL()}, null)) {
      ClientAssetsHandler handler = new ClientAssetsHandler("/rpc", List.of("served"), loader);
      Javalin app = Javalin.create(config -> {
        config.startup.showJavalinBanner = false;
        config.routes.get("/rpc/_client/*", handler);
      }).start("127.0.0.1", 0);
      try {
        TestHttp local = new TestHttp(app.port());
        assertThat(local.send(local.request("/rpc/_client/types.js").GET().build()).body()).isEqualTo("// second");
        assertThat(local.send(local.request("/rpc/_client/served.d.ts").GET().build()).body()).isEqualTo("// served declarations");
        assertThat(local.send(local.request("/rpc/_client/other.js").GET().build()).statusCode()).isEqualTo(404);
      } finally {
        app.stop();
      }
    }
  }

  @Test
  void aCompressedAnswerIsComplete() throws Exception {
    // Javalin gzips large answers for clients that accept it; the length must be the compressed one.
    HttpRequest request = http.request("/poto/_client/big.js").header("Accept-Encoding", "gzip").GET().build();
    HttpResponse<byte[]> answer = http.sendBytes(request);
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(answer.headers().firstValue("Content-Encoding")).hasValue("gzip");
    byte[] body = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(answer.body())).readAllBytes();
    assertThat(new String(body, java.nio.charset.StandardCharsets.UTF_8)).startsWith("// big").hasSizeGreaterThan(20_000);
  }

  @Test
  void typeScriptSourcesAndDeclarationsArePlainText() {
    for (String name : new String[] {"demo.ts", "demo.d.ts"}) {
      HttpResponse<String> ts = get("/poto/_client/" + name);
      assertThat(ts.statusCode()).isEqualTo(200);
      assertThat(ts.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/plain;charset=utf-8");
      assertThat(ts.body()).contains("demo");
    }
  }

  @Test
  void headAnswersWithoutABody() {
    HttpResponse<String> head = http.send(http.request("/poto/_client/demo.js")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "/poto/_client/nope.js",
      "/poto/_client/notes.txt",          // exists, but not a client file type
      "/poto/_client/../secret.txt",
      "/poto/_client/%2e%2e/secret.txt",
      "/poto/_client/..%2fsecret.txt",
      "/poto/_client/sub/demo.js",
      "/poto/_client/",
      "/poto/_client",
      "/poto/_client/.js"})
  void anythingButAGeneratedFileIsAProblem404(String path) {
    HttpResponse<String> answer = get(path);
    assertThat(answer.statusCode()).as(path).isEqualTo(404);
    assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
    assertThat(answer.body()).doesNotContain("not part of the client").doesNotContain("not a client file type");
  }

  @Test
  void anUnknownFileNamesTheProblemCode() {
    HttpResponse<String> answer = get("/poto/_client/nope.js");
    assertThat(TestHttp.json(answer).get("code").asText()).isEqualTo(ProblemCodes.UNKNOWN_FILE);
    assertThat(TestHttp.json(answer).get("detail").asText()).contains("nope.js");
  }

  @Test
  void otherMethodsAre405AndTheRestOfThePrefixStaysPostOnly() {
    HttpResponse<String> post = http.post("/poto/_client/demo.js", "{}", null);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(TestHttp.json(post).get("code").asText()).isEqualTo(ProblemCodes.METHOD_NOT_ALLOWED);

    for (String method : new String[] {"PROPFIND", "TRACE", "get"}) {
      HttpResponse<String> odd = http.send(http.request("/poto/_client/demo.js")
          .method(method, java.net.http.HttpRequest.BodyPublishers.noBody()).build());
      assertThat(odd.statusCode()).as(method).isEqualTo(405);
      assertThat(odd.headers().firstValue("Allow")).hasValue("GET, HEAD");
      assertThat(odd.headers().firstValue("Poto-Request-Id")).isPresent();
    }

    HttpResponse<String> getCall = get("/poto/test/whoami");
    assertThat(getCall.statusCode()).isEqualTo(405);
    assertThat(getCall.headers().firstValue("Allow")).hasValue("POST");
  }
}
