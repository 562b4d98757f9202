package dev.poto.runtime.stream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A response body that also takes whole {@link ByteBuffer}s: each is written as one write, blocking
 * until it is out, and a direct buffer reaches the socket without another copy (an
 * {@code OutputStream} of the servlet API splits large arrays into small writes, and the JDK copies
 * each into a direct buffer of its own).
 */
public interface ByteBufferSink {
  /** Writes {@code buffer}'s remaining bytes (its position ends at its limit). */
  void write(ByteBuffer buffer) throws IOException;
}
