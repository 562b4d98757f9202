package dev.poto.runtime.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * The bytes of a stream waiting to go out: whole frames, then the frame being written. Item encoders
 * write straight into {@link #bytes} after {@link #reserve}; a frame is either committed whole or taken
 * back whole ({@link #rollback}), so a frame is never sent in part before it is complete (except a
 * frame holding a body too big for the buffer, see {@link #appendBody}).
 *
 * <p><b>Size.</b> Starts empty and doubles from {@link EventStreamOutput#FIRST_BUFFER_SIZE} up to
 * {@link EventStreamOutput#BUFFER_SIZE}; when a frame does not fit, the whole frames before it go to
 * the connection first (one write, one HTTP chunk). Only a single frame larger than the limit grows it
 * further, and such a buffer is not kept once it has gone out. Not thread-safe: its owner serializes
 * access.
 */
final class FrameBuffer {
  private static final byte[] NONE = {};

  private final OutputStream out;
  /** The buffer; valid up to {@link #length}. Encoders write into it after {@link #reserve}. */
  byte[] bytes = NONE;
  /** Bytes written so far. */
  int length;
  /** Where the frame being written starts: everything before it is whole frames. */
  private int frameStart;

  /** @param out where whole frames go when the buffer is full; null for a scratch buffer that only grows */
  FrameBuffer(OutputStream out) {
    this.out = out;
  }

  /** Room for {@code more} bytes at {@link #length}; whole frames may go out to make it. */
  void reserve(int more) throws IOException {
    if (bytes.length - length < more) {
      makeRoom(more);
    }
  }

  private void makeRoom(int more) throws IOException {
    if (out != null && frameStart > 0 && length + more > EventStreamOutput.BUFFER_SIZE) {
      out.write(bytes, 0, frameStart); // whole frames go; the frame being written moves to the front
      length -= frameStart;
      System.arraycopy(bytes, frameStart, bytes, 0, length);
      frameStart = 0;
      if (bytes.length - length >= more) {
        return;
      }
    }
    int needed = length + more;
    int size = Math.max(EventStreamOutput.FIRST_BUFFER_SIZE, bytes.length * 2);
    while (size < needed) {
      size *= 2;
    }
    if (needed <= EventStreamOutput.BUFFER_SIZE) {
      size = Math.min(size, EventStreamOutput.BUFFER_SIZE);
    }
    bytes = Arrays.copyOf(bytes, size);
  }

  void append(byte[] source) throws IOException {
    append(source, source.length);
  }

  void append(byte[] source, int count) throws IOException {
    reserve(count);
    System.arraycopy(source, 0, bytes, length, count);
    length += count;
  }

  /**
   * Appends a frame's body; one larger than the buffer limit goes straight to the connection after
   * what waits (including the start of its own frame) instead of being copied.
   */
  void appendBody(byte[] body, int count) throws IOException {
    if (count <= EventStreamOutput.BUFFER_SIZE || out == null) {
      append(body, count);
      return;
    }
    drain();
    out.write(body, 0, count);
  }

  /** Starts a frame at the current end. */
  void startFrame() {
    frameStart = length;
  }

  /** Takes back the frame being written, as if it had never been started. */
  void rollback() {
    length = frameStart;
  }

  /**
   * Ends the frame being written; a buffer that is now full goes out, and one grown past the limit by
   * a single large frame is let go.
   */
  void commit() throws IOException {
    frameStart = length;
    if (length >= EventStreamOutput.BUFFER_SIZE || bytes.length > EventStreamOutput.BUFFER_SIZE) {
      drain();
      if (bytes.length > EventStreamOutput.BUFFER_SIZE) {
        bytes = NONE;
      }
    }
  }

  /** Hands every waiting byte to the connection (without flushing it). */
  void drain() throws IOException {
    if (length > 0) {
      out.write(bytes, 0, length);
      length = 0;
    }
    frameStart = 0;
  }

  /** Forgets what waits and lets go of the buffer. */
  void drop() {
    length = 0;
    frameStart = 0;
    bytes = NONE;
  }

  /** Empties a scratch buffer for the next value, keeping its array unless one value grew it past the limit. */
  void clear() {
    length = 0;
    frameStart = 0;
    if (bytes.length > 1 << 20) {
      bytes = NONE;
    }
  }

  int capacity() {
    return bytes.length;
  }
}
