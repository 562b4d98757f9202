package dev.poto.runtime;

import dev.poto.runtime.config.PotoConfig;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.stream.EventStreamWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The stream defaults live in the stream writer; the configuration and the protocol text follow it. */
class StreamDefaultsTest {
  @Test
  void configurationDefaultsAreTheWritersDefaults() {
    assertThat(PotoConfig.DEFAULT_STREAM_HEARTBEAT).isSameAs(EventStreamWriter.DEFAULT_HEARTBEAT);
    assertThat(PotoConfig.DEFAULT_STREAM_FLUSH_DELAY).isSameAs(EventStreamWriter.DEFAULT_FLUSH_DELAY);
    assertThat(EventStreamWriter.DEFAULT_FLUSH_DELAY.toMillis()).isEqualTo(EventStreamWriter.DEFAULT_FLUSH_DELAY_MILLIS);
  }

  @Test
  void theProtocolDocumentsTheHeartbeatDefault() throws Exception {
    String protocol = Files.readString(Path.of("..", "docs", "PROTOCOL.md"));
    assertThat(protocol).contains("every " + EventStreamWriter.DEFAULT_HEARTBEAT.toSeconds() + " s by default");
  }
}
