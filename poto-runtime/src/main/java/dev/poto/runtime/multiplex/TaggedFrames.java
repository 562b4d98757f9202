package dev.poto.runtime.multiplex;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The body one stream's {@link dev.poto.runtime.stream.EventStreamWriter} writes to when the stream
 * travels over a shared connection: it cuts the bytes into whole frames (a frame ends with a blank
 * line, and an event's data is always one line), puts {@code stream: <id>} in front of each, and
 * hands each frame to the connection in one piece, so frames of concurrent streams never interleave.
 * The stream's own heartbeat comments are dropped: the connection sends its own.
 */
final class TaggedFrames extends OutputStream {
  private final StreamConnection connection;
  private final byte[] tag;
  private static final int INITIAL = 256;
  private static final int KEEP_AT_MOST = 4096;

  private byte[] pending = new byte[INITIAL];
  private int length;
  /** Where to resume looking for the end of the current frame. */
  private int scanned;

  TaggedFrames(StreamConnection connection, String streamId) {
    this.connection = connection;
    this.tag = ("stream: " + streamId + "\n").getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int count) throws IOException {
    if (length + count > pending.length) {
      pending = Arrays.copyOf(pending, Math.max(pending.length * 2, length + count));
    }
    System.arraycopy(bytes, offset, pending, length, count);
    length += count;
    int frameStart = 0;
    for (int i = Math.max(scanned, 1); i < length; i++) {
      if (pending[i] == '\n' && pending[i - 1] == '\n') {
        int frameLength = i + 1 - frameStart;
        if (pending[frameStart] != ':') { // a comment (heartbeat) is not forwarded
          connection.writeFrame(tag, pending, frameStart, frameLength);
        }
        frameStart = i + 1;
        i++; // the next frame needs at least two bytes
      }
    }
    if (frameStart > 0) {
      System.arraycopy(pending, frameStart, pending, 0, length - frameStart);
      length -= frameStart;
    }
    if (length == 0 && pending.length > KEEP_AT_MOST) {
      pending = new byte[INITIAL]; // one big frame passed: an idle stream keeps a small buffer
    }
    scanned = length;
  }

  @Override
  public void flush() throws IOException {
    connection.flush();
  }
}
