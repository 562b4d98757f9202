package dev.poto.runtime.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Frames go out whole: when one does not fit, the frames before it go, and it can still be taken back. */
class FrameBufferTest {
  private final RecordingOutputStream body = new RecordingOutputStream();
  private final FrameBuffer frames = new FrameBuffer(body);

  private void write(String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    frames.reserve(bytes.length);
    System.arraycopy(bytes, 0, frames.bytes, frames.length, bytes.length);
    frames.length += bytes.length;
  }

  private String waiting() {
    return new String(frames.bytes, 0, frames.length, StandardCharsets.US_ASCII);
  }

  @Test
  void aFrameThatDoesNotFitSendsTheWholeFramesBeforeItAndKeepsItsOwnStart() throws IOException {
    String whole = "w".repeat(EventStreamOutput.BUFFER_SIZE - 100);
    frames.startFrame();
    write(whole);
    frames.commit();
    frames.startFrame();
    write("head-");
    write("x".repeat(200)); // does not fit: the first frame goes, this one moves to the front

    assertThat(body.text()).isEqualTo(whole);
    assertThat(waiting()).isEqualTo("head-" + "x".repeat(200));
    assertThat(frames.capacity()).isEqualTo(EventStreamOutput.BUFFER_SIZE);

    frames.rollback(); // the half-written frame can still be taken back
    assertThat(waiting()).isEmpty();
    assertThat(body.text()).isEqualTo(whole);
  }

  @Test
  void aSingleFrameLargerThanTheLimitGrowsTheBufferOnceAndTheBufferIsNotKept() throws IOException {
    frames.startFrame();
    write("a");
    frames.commit();
    frames.startFrame();
    String big = "b".repeat(EventStreamOutput.BUFFER_SIZE * 3);
    write(big);
    assertThat(body.text()).as("the small frame before it went first").isEqualTo("a");
    frames.commit();

    assertThat(body.text()).isEqualTo("a" + big);
    assertThat(frames.capacity()).isZero();
  }

  @Test
  void aRolledBackFrameLeavesTheFramesBeforeItWaiting() throws IOException {
    frames.startFrame();
    write("one");
    frames.commit();
    frames.startFrame();
    write("tw");
    frames.rollback();
    frames.startFrame();
    write("two");
    frames.commit();

    assertThat(waiting()).isEqualTo("onetwo");
    assertThat(body.text()).isEmpty();
  }
}
