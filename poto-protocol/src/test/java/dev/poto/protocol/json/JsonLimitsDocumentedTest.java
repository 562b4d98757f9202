package dev.poto.protocol.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The limits of strict decoding are defined once, in {@link Protocol}; PROTOCOL.md states those values. */
class JsonLimitsDocumentedTest {
  @Test
  void theProtocolDocumentStatesTheLimitsProtocolDefines() throws IOException {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    String digits = NumberFormat.getIntegerInstance(Locale.US).format(Protocol.MAX_NUMBER_DIGITS);
    assertThat(protocol)
        .contains("at most " + Protocol.MAX_NESTING_DEPTH + " levels of objects and arrays (`Protocol.MAX_NESTING_DEPTH`)")
        .contains("At most " + digits + " digits, and a\n  `BigDecimal`'s exponent within ±" + digits)
        .contains("JSON numbers are at most " + digits + " characters");
  }
}
