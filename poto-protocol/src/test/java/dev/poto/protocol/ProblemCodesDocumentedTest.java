package dev.poto.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/PROTOCOL.md is the wire contract: every stable problem code must be in it. */
class ProblemCodesDocumentedTest {

  @Test
  void everyProblemCodeIsInTheProtocolDocument() throws IOException, IllegalAccessException {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    List<String> codes = new ArrayList<>();
    for (Field field : ProblemCodes.class.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        codes.add((String) field.get(null));
      }
    }
    assertThat(codes).hasSizeGreaterThan(20);
    assertThat(codes).allSatisfy(code -> assertThat(protocol).as("PROTOCOL.md mentions `%s`", code).contains("`" + code + "`"));
  }
}
