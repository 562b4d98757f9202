package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  private static EventStreamReader reader(String text) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void readsNamedFramesAndJoinsDataLines() throws Exception {
    EventStreamReader frames = reader("event: item\ndata: {\"a\":\ndata: 1}\n\nevent:end\ndata:{}\n\n");

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("item", "{\"a\":\n1}"));
    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("end", "{}"));
    assertThat(frames.next()).isNull();
  }

  @Test
  void skipsCommentsAndHeartbeatsAndAcceptsEveryLineEnding() throws Exception {
    EventStreamReader frames = reader(": ping\n\n: ping\r\n\r\nevent: item\rdata: \"é\"\r\rid: 4\ndata: x\n\n");

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("item", "\"é\""));
    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("message", "x"));
    assertThat(frames.next()).isNull();
  }

  @Test
  void dropsAnUnfinishedLastFrame() throws Exception {
    EventStreamReader frames = reader("event: item\ndata: 1\n\nevent: end\ndata: {\"count\":1}\n");

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("item", "1"));
    assertThat(frames.next()).isNull();
  }
}
