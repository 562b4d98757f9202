package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Limits the TypeScript runtime repeats from the protocol are the Java ones. */
class RuntimeConstantsTest {

  @Test
  void theDefaultMaximumFrameSizeIsTheProtocols() throws IOException {
    String runtime = Files.readString(Path.of("src/main/ts/poto-client.ts"));
    Matcher constant = Pattern.compile("export const DEFAULT_MAX_FRAME_BYTES = ([0-9 *]+);").matcher(runtime);
    assertThat(constant.find()).as("poto-client.ts declares DEFAULT_MAX_FRAME_BYTES").isTrue();
    long value = 1;
    for (String factor : constant.group(1).split("\\*")) {
      value *= Long.parseLong(factor.strip());
    }
    assertThat(value).isEqualTo(Protocol.DEFAULT_MAX_FRAME_BYTES);
  }

  @Test
  void theAuthPathsAreTheProtocols() throws IOException {
    String runtime = Files.readString(Path.of("src/main/ts/poto-client.ts"));
    for (String path : new String[] {
        Protocol.AUTH_VISITOR_PATH, Protocol.AUTH_LOGIN_PATH, Protocol.AUTH_REFRESH_PATH, Protocol.AUTH_LOGOUT_PATH}) {
      assertThat(runtime).as("poto-client.ts posts to %s", path).contains("\"" + path + "\"");
    }
  }

  @Test
  void theTypedCodeUnionIsProblemCodes() throws IOException {
    String errors = Files.readString(Path.of("src/main/ts/poto-errors.ts"));
    Matcher union = Pattern.compile("export type ProblemCode =([^;]+);").matcher(errors);
    assertThat(union.find()).as("poto-errors.ts declares the ProblemCode union").isTrue();
    Set<String> inUnion = new TreeSet<>();
    Matcher literal = Pattern.compile("\"([a-z_]+)\"").matcher(union.group(1));
    while (literal.find()) {
      inUnion.add(literal.group(1));
    }
    assertThat(inUnion).isEqualTo(new TreeSet<>(ProblemCodes.RESERVED));
  }

  @Test
  void theClientsOwnFailureStatusesAreTheProtocols() throws IOException {
    String errors = Files.readString(Path.of("src/main/ts/poto-errors.ts"));
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    Matcher table = Pattern.compile("export const CLIENT_FAILURE_STATUS = \\{([^}]+)}").matcher(errors);
    assertThat(table.find()).as("poto-errors.ts declares CLIENT_FAILURE_STATUS").isTrue();
    Matcher entry = Pattern.compile("([a-z_]+): (\\d+)").matcher(table.group(1));
    int checked = 0;
    while (entry.find()) {
      if (!entry.group(1).equals("invalid_argument")) { // refused before sending: no protocol status
        assertThat(protocol).as("PROTOCOL.md §5a lists %s as %s", entry.group(1), entry.group(2))
            .contains("| " + entry.group(2) + " | `" + entry.group(1) + "` |");
        checked++;
      }
    }
    assertThat(checked).isEqualTo(6);
  }
}
