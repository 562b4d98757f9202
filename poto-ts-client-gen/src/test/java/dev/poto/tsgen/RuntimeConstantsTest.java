package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
