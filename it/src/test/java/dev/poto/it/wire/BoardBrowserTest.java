package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.samples.board.BoardApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sample board in a real browser: playwright-core (it/package-lock.json) drives Debian's
 * {@code /usr/bin/chromium} headless through src/test/js/wire/board.browser.mjs. Chromium is required,
 * never downloaded: without it this test fails and says how to install it.
 */
class BoardBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path SCREENSHOT = NodeTools.BASEDIR.resolve("target/screenshots/board.png");

  @Test
  void thePageLogsInPostsStreamsAndShowsErrors() throws Exception {
    assertThat(Files.isExecutable(CHROMIUM))
        .as("The browser test needs Debian's chromium at %s: apt-get install chromium", CHROMIUM)
        .isTrue();
    NodeTools.requireNodeModules("playwright-core");
    Path profiles = NodeTools.BASEDIR.resolve("target/chromium-profiles");
    NodeTools.deleteTree(profiles);
    Files.deleteIfExists(SCREENSHOT);
    Files.deleteIfExists(SCREENSHOT.resolveSibling("board-failure.png"));
    try (BoardApp board = BoardApp.start("127.0.0.1", 0)) {
      NodeTools.Result result = NodeTools.node(NodeTools.TESTS, Map.of(
              "BOARD_URL", "http://127.0.0.1:" + board.port() + "/",
              "SCREENSHOT", SCREENSHOT.toString(),
              "USER_DATA_DIR", profiles.toString()),
          240, "board.browser.mjs");
      System.out.println(result.output());
      assertThat(result.exitCode()).as("the browser script failed:\n%s", result.output()).isZero();
      assertThat(result.output()).contains("board browser test passed");
    }
    assertThat(SCREENSHOT).isRegularFile();
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }
}
