package dev.poto.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code Poto-Timeout-Ms}: a whole number of milliseconds in ASCII digits, 1 to 24 hours, nothing else. */
class DeadlinesTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void wholeNumbersFromOneToTheMaximumAreDeadlines() {
    assertThat(Deadlines.parse(null, NOW)).isNull();
    assertThat(Deadlines.parse("1", NOW)).isEqualTo(NOW.plusMillis(1));
    assertThat(Deadlines.parse("05", NOW)).isEqualTo(NOW.plusMillis(5));
    assertThat(Deadlines.parse(" 250 ", NOW)).isEqualTo(NOW.plusMillis(250));
    assertThat(Deadlines.parse(Long.toString(Deadlines.MAX_TIMEOUT_MS), NOW)).isEqualTo(NOW.plusMillis(Deadlines.MAX_TIMEOUT_MS));
  }

  @Test
  void signsOtherScriptsDigitsAndEverythingElseAreRefused() {
    String[] refused = {"", " ", "0", "000", "+5", "-5", "-0", "1.5", "1e3", "0x10", "1_000", "5 ms", "abc",
        "\u0665", "\uFF15", "1\u0660", Long.toString(Deadlines.MAX_TIMEOUT_MS + 1), "9".repeat(13), "99999999999999999999"};
    for (String value : refused) {
      assertThatThrownBy(() -> Deadlines.parse(value, NOW)).as("'%s'", value)
          .isInstanceOfSatisfying(RpcException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo(ProblemCodes.INVALID_ARGUMENT);
          });
    }
  }
}
