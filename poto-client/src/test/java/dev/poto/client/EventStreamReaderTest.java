package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.poto.protocol.Protocol;
import org.junit.jupiter.api.Test;

class EventStreamReaderTest {

  private static EventStreamReader reader(String text) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), Protocol.DEFAULT_MAX_FRAME_BYTES);
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

  @Test
  void ignoresALeadingByteOrderMarkOnly() throws Exception {
    EventStreamReader frames = reader("\uFEFFevent: item\ndata: 1\n\ndata: \uFEFF2\n\n");

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("item", "1"));
    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("message", "\uFEFF2"));
    assertThat(frames.next()).isNull();
  }

  @Test
  void exposesOneLineDataAsARangeOfTheBytesThatArrived() throws Exception {
    EventStreamReader frames = reader(": ping\n\nevent: item\ndata: {\"name\":\"é\"}\n\nevent: other\n\n");

    assertThat(frames.advance()).isTrue();
    assertThat(frames.event()).isSameAs(EventStreamReader.ITEM);
    String range = new String(frames.dataBytes(), frames.dataOffset(), frames.dataLength(), StandardCharsets.UTF_8);
    assertThat(range).isEqualTo("{\"name\":\"é\"}");
    assertThat(frames.advance()).isTrue();
    assertThat(frames.event()).isEqualTo("other");
    assertThat(frames.dataLength()).isZero();
    assertThat(frames.data()).isEmpty();
    assertThat(frames.advance()).isFalse();
  }

  @Test
  void dataIsAlwaysFollowedByALineEnding() throws Exception {
    EventStreamReader frames = reader("data: 1\r\rdata: 1\ndata: 2\n\nevent: x\n\n");

    for (String expected : new String[] {"1", "1\n2", ""}) {
      assertThat(frames.advance()).isTrue();
      assertThat(frames.data()).isEqualTo(expected);
      byte after = frames.dataBytes()[frames.dataOffset() + frames.dataLength()];
      assertThat(after == '\n' || after == '\r').as("line ending after %s", expected).isTrue();
    }
  }

  @Test
  void fieldsWithoutValueOrSpaceAndUnknownFieldsFollowTheSpec() throws Exception {
    EventStreamReader frames = reader("data\ndata:  two spaces\nretry: 10\nevent\n\nevent:error\ndata:x:y\n\n");

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("", "\n two spaces"));
    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("error", "x:y"));
    assertThat(frames.next()).isNull();
  }

  /** A varied stream: every line ending, comments, multi-line data, non-ASCII text, a long line. */
  private static final String MIXED = "\uFEFF: hello\r\n\r\nevent: item\r\ndata: {\"a\":1}\r\n\r\n"
      + "event: item\rdata: \"é ü 😀\"\r\r: ping\n\n"
      + "event: item\ndata: [1,\ndata: 2,\r\ndata:3]\rid: 9\n\n"
      + "event: item\ndata: \"" + "x".repeat(300) + "\"\n\n"
      + "event: end\r\ndata: {\"count\":4}\r\n\r\n";

  private static final List<EventStreamReader.Frame> MIXED_FRAMES = List.of(
      new EventStreamReader.Frame("item", "{\"a\":1}"),
      new EventStreamReader.Frame("item", "\"é ü 😀\""),
      new EventStreamReader.Frame("item", "[1,\n2,\n3]"),
      new EventStreamReader.Frame("item", "\"" + "x".repeat(300) + "\""),
      new EventStreamReader.Frame("end", "{\"count\":4}"));

  private static List<EventStreamReader.Frame> readAll(EventStreamReader frames) throws IOException {
    List<EventStreamReader.Frame> all = new ArrayList<>();
    EventStreamReader.Frame frame;
    while ((frame = frames.next()) != null) {
      all.add(frame);
    }
    return all;
  }

  @Test
  void theSameFramesWhereverTheInputIsSplit() throws Exception {
    byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      EventStreamReader frames = new EventStreamReader(new Chunked(bytes, split), 64, Protocol.DEFAULT_MAX_FRAME_BYTES);
      assertThat(readAll(frames)).as("split at byte %d", split).isEqualTo(MIXED_FRAMES);
    }
  }

  @Test
  void theSameFramesWhenBytesArriveOneAtATimeInATinyBuffer() throws Exception {
    byte[] bytes = MIXED.getBytes(StandardCharsets.UTF_8);
    for (int size = 1; size <= 16; size++) {
      EventStreamReader frames = new EventStreamReader(new Chunked(bytes, 1, 1), size, Protocol.DEFAULT_MAX_FRAME_BYTES);
      assertThat(readAll(frames)).as("buffer of %d bytes", size).isEqualTo(MIXED_FRAMES);
    }
  }

  @Test
  void aLineLongerThanTheBufferGrowsIt() throws Exception {
    String big = "\"" + "0123456789".repeat(50_000) + "\"";
    String text = "event: item\ndata: " + big + "\n\nevent: item\ndata: 2\n\n";
    EventStreamReader frames = new EventStreamReader(
        new Chunked(text.getBytes(StandardCharsets.UTF_8), 1000, 4096), 16, Protocol.DEFAULT_MAX_FRAME_BYTES);

    assertThat(readAll(frames)).containsExactly(
        new EventStreamReader.Frame("item", big), new EventStreamReader.Frame("item", "2"));
  }

  @Test
  void aFrameUpToTheMaximumIsRead() throws Exception {
    String frame = "event: item\ndata: \"" + "x".repeat(100) + "\"\n\n";
    int size = frame.getBytes(StandardCharsets.UTF_8).length;
    EventStreamReader frames = new EventStreamReader(
        new Chunked((frame + frame).getBytes(StandardCharsets.UTF_8), 7, 7), 8, size);
    assertThat(readAll(frames)).hasSize(2);

    EventStreamReader oneByteLess = new EventStreamReader(
        new Chunked(frame.getBytes(StandardCharsets.UTF_8), 7, 7), 8, size - 1);
    org.assertj.core.api.Assertions.assertThatThrownBy(oneByteLess::advance)
        .isInstanceOf(EventStreamReader.FrameTooLargeException.class);
  }

  @Test
  void aLineThatNeverEndsStopsAtTheMaximumWithoutReadingOn() {
    // An endless line: the reader must give up once it holds more than the maximum, not run out of memory.
    InputStream endless = new InputStream() {
      long served;

      @Override
      public int read() {
        served++;
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        java.util.Arrays.fill(b, off, off + len, (byte) 'x');
        served += len;
        if (served > 64L * 1024 * 1024) {
          throw new AssertionError("read " + served + " bytes: the limit did not stop the reader");
        }
        return len;
      }
    };
    EventStreamReader frames = new EventStreamReader(endless, 1024, 1_000_000);
    org.assertj.core.api.Assertions.assertThatThrownBy(frames::advance)
        .isInstanceOf(EventStreamReader.FrameTooLargeException.class)
        .hasMessageContaining("1000000 bytes");
  }

  @Test
  void manyLinesCountTowardsOneFrame() {
    // Small data and comment lines, no blank line: each is short, the frame is not.
    String text = "event: item\n" + "data: 1\n".repeat(200) + ": ping\n".repeat(200) + "\n";
    for (int max : new int[] {500, 1_000, 2_000}) {
      EventStreamReader frames = reader(text, max);
      org.assertj.core.api.Assertions.assertThatThrownBy(frames::advance)
          .as("max %d", max)
          .isInstanceOf(EventStreamReader.FrameTooLargeException.class);
    }
  }

  @Test
  void heartbeatsBetweenFramesDoNotAddUp() throws Exception {
    String text = ": ping\n\n".repeat(1_000) + "event: item\ndata: 1\n\n";
    assertThat(readAll(reader(text, 64))).containsExactly(new EventStreamReader.Frame("item", "1"));
  }

  private static EventStreamReader reader(String text, int maxFrameBytes) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 16, maxFrameBytes);
  }

  @Test
  void aFrameIsReturnedBeforeTheInputGoesFurther() throws Exception {
    // The second read would fail: the reader must not ask for it before returning the first frame.
    InputStream body = new InputStream() {
      private final byte[] first = "event: item\ndata: 1\n\n".getBytes(StandardCharsets.UTF_8);
      private boolean served;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (served) {
          throw new IOException("read ahead");
        }
        served = true;
        System.arraycopy(first, 0, b, off, first.length);
        return first.length;
      }
    };
    EventStreamReader frames = new EventStreamReader(body, Protocol.DEFAULT_MAX_FRAME_BYTES);

    assertThat(frames.next()).isEqualTo(new EventStreamReader.Frame("item", "1"));
  }

  @Test
  void findsTheFirstLineEndingAtEveryPositionAndOffset() {
    for (int length = 0; length <= 40; length++) {
      for (int at = -1; at < length; at++) {
        for (byte ending : new byte[] {'\n', '\r'}) {
          byte[] bytes = new byte[length + 3];
          byte[] lookalikes = {'a', (byte) 0x8A, 0x0B, (byte) 0x8D, 0x09, 0x0C}; // near \n and \r, never them
          for (int i = 0; i < bytes.length; i++) {
            bytes[i] = lookalikes[i % lookalikes.length];
          }
          if (at >= 0) {
            bytes[at + 2] = ending;
            if (at + 3 < bytes.length) {
              bytes[at + 3] = '\n'; // a later ending must not win
            }
          }
          int found = EventStreamReader.findLineEnding(bytes, 2, 2 + length);
          assertThat(found).as("length %d, ending at %d", length, at).isEqualTo(at < 0 ? -1 : at + 2);
        }
      }
    }
  }

  @Test
  void linesThatAlmostNameTheItemEventAreReadByTheGeneralPath() throws Exception {
    // The item event line is taken with two compares; every near miss must read as the spec says.
    String text = "event: item\ndata: 1\n\n"
        + "event: items\ndata: 2\n\n"
        + "event: item \ndata: 3\n\n"
        + "event:item\ndata: 4\n\n"
        + "event: ite\ndata: 5\n\n"
        + "event: item\r\ndata: 6\n\n"
        + "data: 7\revent: item\ndata: 8\n\n" // after a lone \r: one frame, its event item
        + "event: item\nevent: item\ndata: 9\n\n"
        + ": event: item\ndata: 10\n\n"
        + "event: item\n\n"                      // an event and no data line: empty data
        + "event: item\n";                        // unfinished: dropped
    List<EventStreamReader.Frame> expected = List.of(
        new EventStreamReader.Frame("item", "1"),
        new EventStreamReader.Frame("items", "2"),
        new EventStreamReader.Frame("item ", "3"),
        new EventStreamReader.Frame("item", "4"),
        new EventStreamReader.Frame("ite", "5"),
        new EventStreamReader.Frame("item", "6"),
        new EventStreamReader.Frame("item", "7\n8"),
        new EventStreamReader.Frame("item", "9"),
        new EventStreamReader.Frame("message", "10"),
        new EventStreamReader.Frame("item", ""));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      EventStreamReader frames = new EventStreamReader(new Chunked(bytes, split, 5), 16, Protocol.DEFAULT_MAX_FRAME_BYTES);
      assertThat(readAll(frames)).as("split at byte %d", split).isEqualTo(expected);
    }
    // The item event line alone is more than a frame may hold.
    org.assertj.core.api.Assertions.assertThatThrownBy(reader("event: item\ndata: 1\n\n", 11)::advance)
        .isInstanceOf(EventStreamReader.FrameTooLargeException.class);
    assertThat(readAll(reader("event: item\n\n", 13))).containsExactly(new EventStreamReader.Frame("item", ""));
  }

  @Test
  void dataLinesThatAlmostMatchTheItemFrameAreReadByTheGeneralPath() throws Exception {
    // After the item event line, a "data: " line ended by \n and a blank \n line are taken in place;
    // every near miss must read as the spec says, wherever the input is split and whatever the buffer.
    String text = "event: item\ndata: 1\n\n"
        + "event: item\ndata:2\n\n"                    // no space after the colon
        + "event: item\ndata:  3\n\n"                  // two spaces: the second belongs to the value
        + "event: item\ndata: 4\ndata: 5\n\n"          // two data lines, joined
        + "event: item\ndata: 6\r\n\r\n"                // other line endings
        + "event: item\ndata: 7\r\r"
        + "event: item\ndata: 8\n: comment\n\n"        // a comment before the blank line
        + "event: item\ndata: 9\nevent: end\n\n"       // a later event line names the frame
        + "event: item\ndatax: 10\n\n"                 // another field: no data
        + "event: item\nDATA: 11\n\n"
        + "event: item\ndata: \n\n"                    // empty data
        + "event: item\ndata\n\n"                      // a field without a colon: empty data
        + "event: item\ndata: {\"s\":\"é\"}\n\n"
        + "event: item\ndata: 12\n";                   // unfinished: dropped
    List<EventStreamReader.Frame> expected = List.of(
        new EventStreamReader.Frame("item", "1"),
        new EventStreamReader.Frame("item", "2"),
        new EventStreamReader.Frame("item", " 3"),
        new EventStreamReader.Frame("item", "4\n5"),
        new EventStreamReader.Frame("item", "6"),
        new EventStreamReader.Frame("item", "7"),
        new EventStreamReader.Frame("item", "8"),
        new EventStreamReader.Frame("end", "9"),
        new EventStreamReader.Frame("item", ""),
        new EventStreamReader.Frame("item", ""),
        new EventStreamReader.Frame("item", ""),
        new EventStreamReader.Frame("item", ""),
        new EventStreamReader.Frame("item", "{\"s\":\"é\"}"));
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int buffer : new int[] {16, 64, 4096}) {
      for (int split = 0; split <= bytes.length; split++) {
        EventStreamReader frames = new EventStreamReader(new Chunked(bytes, split, 7), buffer, Protocol.DEFAULT_MAX_FRAME_BYTES);
        assertThat(readAll(frames)).as("buffer %d, split at byte %d", buffer, split).isEqualTo(expected);
      }
      assertThat(readAll(new EventStreamReader(new ByteArrayInputStream(bytes), buffer, Protocol.DEFAULT_MAX_FRAME_BYTES)))
          .as("buffer %d, all at once", buffer).isEqualTo(expected);
    }
  }

  @Test
  void anItemFrameTakenInPlaceKeepsTheMaximumFrameSize() throws Exception {
    String frame = "event: item\ndata: 12345\n\n";
    int size = frame.length();
    for (int max = size - 8; max < size; max++) { // too large by its data line, or by its blank line
      org.assertj.core.api.Assertions.assertThatThrownBy(inOneBuffer(frame + frame, max)::advance)
          .as("max %d", max).isInstanceOf(EventStreamReader.FrameTooLargeException.class);
    }
    assertThat(readAll(inOneBuffer(frame + frame, size))).hasSize(2);
  }

  /** A reader whose buffer holds the whole text (up to the maximum frame size plus one byte). */
  private static EventStreamReader inOneBuffer(String text, int maxFrameBytes) {
    return new EventStreamReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 4096, maxFrameBytes);
  }

  /** Serves {@code bytes} in reads of at most {@code first} bytes, then at most {@code rest} bytes. */
  private static final class Chunked extends InputStream {
    private final byte[] bytes;
    private final int first;
    private final int rest;
    private int position;

    Chunked(byte[] bytes, int split) {
      this(bytes, split, Integer.MAX_VALUE);
    }

    Chunked(byte[] bytes, int first, int rest) {
      this.bytes = bytes;
      this.first = first;
      this.rest = rest;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int chunk = position < first ? first - position : rest;
      int n = Math.min(Math.min(len, chunk), bytes.length - position);
      if (n == 0) {
        n = Math.min(len, bytes.length - position); // split at 0: the first read is empty of the prefix
      }
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }
}
