package dev.poto.runtime.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Encodes the items of one stream, one at a time, into a reused scratch buffer with one reused
 * generator and serializer provider: per item it allocates nothing of its own, where
 * {@code writeValueAsBytes} would build a generator, a provider and a byte array each time. Not
 * thread-safe: one encoder per stream, used by one thread at a time.
 *
 * <p>The JSON always fits on one line (no pretty printer, no indentation), as an event's data must,
 * and successive items are not separated by anything (Jackson puts a space between root values).
 */
final class ItemEncoder {
  private final ObjectWriter writer;
  private final Scratch scratch = new Scratch();
  private SequenceWriter sequence;

  ItemEncoder(ObjectWriter itemWriter) {
    this.writer = itemWriter.without(SerializationFeature.INDENT_OUTPUT).with((PrettyPrinter) null);
  }

  /**
   * Encodes {@code value}; its JSON is then {@link #bytes()}{@code [0, length)} until the next call.
   * After a failure the encoder must not be used again (its generator may be half way into a value).
   *
   * @return the length of the JSON
   */
  int encode(Object value) throws IOException {
    scratch.reset();
    if (sequence == null) {
      JsonGenerator generator = writer.createGenerator(scratch);
      generator.setRootValueSeparator(null);
      sequence = writer.writeValues(generator);
    }
    sequence.write(value);
    sequence.flush(); // moves the generator's buffered bytes into the scratch buffer
    return scratch.length;
  }

  /** The buffer the last {@link #encode} wrote to. */
  byte[] bytes() {
    return scratch.bytes;
  }

  /** The last encoded item as its own array, for sources that queue items. */
  byte[] copy() {
    return Arrays.copyOf(scratch.bytes, scratch.length);
  }

  /** A growable byte buffer whose {@code flush} does nothing: the generator flushes into it. */
  private static final class Scratch extends OutputStream {
    private static final int INITIAL = 256;
    /** A buffer grown by one huge item is dropped rather than kept for the rest of the stream. */
    private static final int KEEP_AT_MOST = 1 << 20;

    byte[] bytes = new byte[INITIAL];
    int length;

    void reset() {
      length = 0;
      if (bytes.length > KEEP_AT_MOST) {
        bytes = new byte[INITIAL];
      }
    }

    @Override
    public void write(int b) {
      ensure(1);
      bytes[length++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, length, len);
      length += len;
    }

    private void ensure(int more) {
      if (bytes.length - length < more) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
