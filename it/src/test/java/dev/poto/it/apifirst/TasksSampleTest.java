package dev.poto.it.apifirst;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.Upload;
import dev.poto.runtime.PotoServer;
import dev.poto.samples.tasks.api.Attachment;
import dev.poto.samples.tasks.api.TasksApi;
import dev.poto.samples.tasks.api.TasksApiClient;
import dev.poto.samples.tasks.cli.TasksCli;
import dev.poto.samples.tasks.server.TasksServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract-first sample over real HTTP: the server artifact implements the API interface, the
 * command-line client (which has only the API jar and poto-client) calls it.
 */
class TasksSampleTest {
  private static PotoServer server;
  private static String url;

  @BeforeAll
  static void start() {
    server = TasksServer.start("127.0.0.1", 0, "tasks-sample-secret-0123456789abcdef");
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private record Run(int exit, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] withServer = new String[args.length + 2];
    withServer[0] = "--server";
    withServer[1] = url;
    System.arraycopy(args, 0, withServer, 2, args.length);
    int exit = TasksCli.run(withServer, "http://127.0.0.1:1", new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theCommandLineClientAddsListsAndCompletesTasksOnTheServer() {
    Run added = cli("add", "write the report", "by Friday");
    assertThat(added.exit()).isZero();
    assertThat(added.out()).matches("#\\d+ \\[ ] write the report \\(by Friday\\)\\n");
    String id = added.out().substring(1, added.out().indexOf(' '));
    cli("add", "second");

    assertThat(cli("complete", id)).isEqualTo(new Run(0, "#" + id + " [x] write the report (by Friday)\n", ""));
    assertThat(cli("list", "done").out()).contains("#" + id + " [x] write the report").doesNotContain("second");
    assertThat(cli("list", "open").out()).contains("] second").doesNotContain("write the report");
    assertThat(cli("info").out()).matches("tasks: \\d+ tasks\\n");
  }

  @Test
  void theCommandLineClientAttachesAFileWhichTheServerReceivesWhole(@TempDir Path dir) throws Exception {
    String id = cli("add", "with a file").out().substring(1).split(" ")[0];
    byte[] bytes = new byte[300_001];
    new java.util.Random(3).nextBytes(bytes);
    Path file = Files.write(dir.resolve("plan ✓.bin"), bytes);
    String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Run attached = cli("attach", id, file.toString());
    assertThat(attached.err()).isEmpty();
    assertThat(attached.out()).startsWith("#" + id + " + plan ✓.bin (").endsWith(", 300001 bytes, sha256 " + sha256 + ")\n");
    try (PotoClient poto = PotoClient.create(url)) {
      TasksApi tasks = new TasksApiClient(poto);
      assertThat(tasks.attachments(Long.parseLong(id))).extracting(Attachment::fileName, Attachment::size, Attachment::sha256)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("plan ✓.bin", 300_001L, sha256));
      poto.loginAsVisitor();
      Attachment fromBytes = tasks.attach(Long.parseLong(id), Upload.of("hi".getBytes(StandardCharsets.UTF_8), "text/plain"));
      assertThat(fromBytes).isEqualTo(new Attachment(Long.parseLong(id), null, "text/plain", 2,
          HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest("hi".getBytes(StandardCharsets.UTF_8)))));
      RpcException tooLarge = org.assertj.core.api.Assertions.catchThrowableOfType(RpcException.class, () -> tasks.attach(
          Long.parseLong(id), Upload.of(new byte[(int) TasksServer.MAX_UPLOAD_BYTES + 1], "application/octet-stream")));
      assertThat(tooLarge.code()).isEqualTo("payload_too_large");
      assertThat(tasks.attachments(Long.parseLong(id))).hasSize(2);
    }
    assertThat(cli("attach", "999999", file.toString()).err()).contains("404").contains("unknown_task");
  }

  @Test
  void theServersErrorsReachTheCommandLineWithTheirCode() {
    Run unknown = cli("complete", "999999");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("404").contains("unknown_task");
    Run blank = cli("add", " ");
    assertThat(blank.exit()).isEqualTo(1);
    assertThat(blank.err()).contains("blank_title");
    assertThat(cli("frobnicate").exit()).isEqualTo(2);
  }

  @Test
  void theServerServesTheTypeScriptClientFromTheApiJar() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> js = http.send(HttpRequest.newBuilder(URI.create(url + "/poto/_client/tasks.js")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(js.statusCode()).isEqualTo(200);
      assertThat(js.body()).contains("complete");
    }
  }
}
