package dev.poto.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md is the wire contract: every stable problem code must be in it. */
class ProblemCodesDocumentedTest {

  @Test
  void everyProblemCodeIsInTheProtocolDocument() throws IOException {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    List<String> codes = new ArrayList<>(ProblemCodes.RESERVED);
    assertThat(codes).hasSizeGreaterThan(20);
    assertThat(codes).allSatisfy(code -> assertThat(protocol).as("PROTOCOL.md mentions `%s`", code).contains("`" + code + "`"));
  }

  @Test
  void reservedCodesAreEveryConstantAndDeclaredCodesFollowTheirRule() {
    assertThat(ProblemCodes.RESERVED).contains(ProblemCodes.INTERNAL_ERROR, ProblemCodes.TRANSPORT_ERROR)
        .doesNotContain(ProblemCodes.DECLARED_CODE_RULE, ProblemCodes.HTTP_STATUS_PREFIX);
    assertThat(ProblemCodes.isReserved("not_found")).isFalse();
    assertThat(ProblemCodes.isReserved("forbidden")).isTrue();
    assertThat(ProblemCodes.isReserved("http_404")).isTrue();
    assertThat(ProblemCodes.isValidDeclaredCode("note_not_found")).isTrue();
    assertThat(ProblemCodes.isValidDeclaredCode("a".repeat(64))).isTrue();
    assertThat(ProblemCodes.isValidDeclaredCode("a".repeat(65))).isFalse();
    assertThat(ProblemCodes.isValidDeclaredCode("NoteNotFound")).isFalse();
    assertThat(ProblemCodes.isValidDeclaredCode("1_bad")).isFalse();
    assertThat(ProblemCodes.isValidDeclaredCode("note-not-found")).isFalse();
    assertThat(ProblemCodes.isValidDeclaredCode("")).isFalse();
  }
}
