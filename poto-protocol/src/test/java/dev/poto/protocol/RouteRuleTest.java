package dev.poto.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one route rule the processor, the runtime and the TypeScript generator all call. */
class RouteRuleTest {
  static final List<String> VALID = List.of("todo", "Todo", "a-b", "a_b", "9lives", "x", "a".repeat(64));
  static final List<String> INVALID =
      List.of("", "-x", "_auth", "a.b", "a b", "a/b", "é", "a".repeat(65), "todo\n");

  @Test
  void acceptsLettersDigitsUnderscoreAndDashStartingWithALetterOrDigit() {
    assertThat(VALID).allMatch(Protocol::isValidRoute);
  }

  @Test
  void theProtocolDocumentStatesTheRule() throws Exception {
    String protocol = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "PROTOCOL.md"));
    assertThat(protocol.replaceAll("\\s+", " ")).contains(Protocol.ROUTE_RULE);
  }

  @Test
  void rejectsEverythingElse() {
    assertThat(INVALID).noneMatch(Protocol::isValidRoute);
    assertThat(Protocol.isValidRoute(null)).isFalse();
  }
}
