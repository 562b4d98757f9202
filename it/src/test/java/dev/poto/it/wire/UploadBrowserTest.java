package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.it.uploads.UploadsModule;
import dev.poto.runtime.PotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A page in Debian's chromium uploads a 50 MB {@code File} through the generated TypeScript client; the
 * server reads it as it arrives, answers its SHA-256, and holds far less than the upload meanwhile.
 */
class UploadBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final long SIZE = 50L * 1024 * 1024;

  @Test
  void aFiftyMegabyteFileArrivesWholeAndTheServersHeapStaysFlat() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("The browser test needs Debian's chromium at %s: apt-get install chromium", CHROMIUM).isTrue();
    NodeTools.requireNodeModules("playwright-core");
    NodeTools.requireGeneratedClient("uploads.js", "poto-runtime.js");
    Path profiles = NodeTools.BASEDIR.resolve("target/chromium-profiles-uploads");
    NodeTools.deleteTree(profiles);
    UploadsModule module = new UploadsModule();
    module.measureHeap = true;
    PotoServer server = PotoServer.builder().host("127.0.0.1").port(0).module(module)
        .jwt(jwt -> jwt.secret("browser-upload-secret-browser-upload-secret")).build().start();
    try {
      long baseline = UploadsModule.usedAfterGc();
      NodeTools.Result result = NodeTools.node(NodeTools.TESTS, Map.of(
          "POTO_URL", "http://127.0.0.1:" + server.port(), "USER_DATA_DIR", profiles.toString()),
          240, "uploads.browser.mjs");
      System.out.println(result.output());
      assertThat(result.exitCode()).as("the browser script failed:\n%s", result.output()).isZero();
      String line = result.output().lines().filter(l -> l.startsWith("result: ")).findFirst().orElseThrow();
      JsonNode answer = new ObjectMapper().readTree(line.substring("result: ".length()));
      JsonNode received = answer.path("received");
      assertThat(received.path("sha256").asText()).isEqualTo(answer.path("expected").asText()).hasSize(64);
      assertThat(received.path("length").asLong()).isEqualTo(SIZE);
      assertThat(received.path("fileName").asText()).isEqualTo("grand fichier ✓.bin");
      assertThat(received.path("contentType").asText()).isEqualTo("application/x-poto-test");
      assertThat(received.path("copies").asInt()).isEqualTo(50);
      long growth = module.heapHalfway.get() - baseline;
      System.out.printf("UploadBrowserTest: 50 MiB upload from chromium, server heap retained halfway %d KiB over"
          + " the %d KiB baseline%n", growth / 1024, baseline / 1024);
      assertThat(module.heapHalfway.get()).as("measured halfway").isPositive();
      assertThat(growth).as("heap retained while half of the upload had been read").isLessThan(16L * 1024 * 1024);
    } finally {
      server.stop();
      NodeTools.deleteTree(profiles);
    }
  }
}
