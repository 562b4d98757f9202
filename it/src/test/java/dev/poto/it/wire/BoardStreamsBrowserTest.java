package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.it.tls.TestCertificates;
import dev.poto.runtime.tls.TlsConfig;
import dev.poto.samples.board.BoardApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Many open streams in Chromium through src/test/js/wire/streams.browser.mjs (see there): a page
 * with 20 streams and 10 tabs of the board keep every call answered and every item arriving, and
 * streams aborted or left by closed tabs are cancelled on the server; over plain HTTP/1.1, where the
 * browser's six-connection limit applies, and over HTTPS with HTTP/2.
 */
class BoardStreamsBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void manyStreamsAndTabsOverHttp11() throws Exception {
    try (BoardApp board = BoardApp.start("127.0.0.1", 0)) {
      run("http://127.0.0.1:" + board.port() + "/", "http/1.1", "streams-http11");
    }
  }

  @Test
  void manyStreamsAndTabsOverHttp2() throws Exception {
    TlsConfig tls = new TlsConfig().developmentCertificate(TestCertificates.DIRECTORY);
    try (BoardApp board = BoardApp.start("127.0.0.1", 0, tls)) {
      run("https://localhost:" + board.port() + "/", "h2", "streams-h2");
    }
  }

  private static void run(String url, String protocol, String profile) throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("The browser test needs Debian's chromium at %s: apt-get install chromium", CHROMIUM)
        .isTrue();
    NodeTools.requireNodeModules("playwright-core");
    Path profiles = NodeTools.BASEDIR.resolve("target/chromium-profiles/" + profile);
    NodeTools.deleteTree(profiles);
    NodeTools.Result result = NodeTools.node(NodeTools.TESTS, Map.of(
            "BOARD_URL", url, "USER_DATA_DIR", profiles.toString(), "EXPECT_PROTOCOL", protocol),
        240, "streams.browser.mjs");
    System.out.println(result.output());
    assertThat(result.exitCode()).as("the browser script failed:\n%s", result.output()).isZero();
    assertThat(result.output()).contains("streams browser test passed (" + protocol + ")");
  }
}
