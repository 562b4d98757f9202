package dev.poto.runtime.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Encodes the items of one stream, one at a time, into a reused scratch buffer with one reused
 * generator and serializer provider: per item it allocates nothing of its own, where
 * {@code writeValueAsBytes} would build a generator, a provider and a byte array each time. One
 * encoder per stream; calls are serialized by its own lock.
 *
 * <p>The JSON always fits on one line (no pretty printer, no indentation), as an event's data must,
 * and successive items are not separated by anything (Jackson puts a space between root values).
 *
 * <p><b>Idle streams hold nothing large.</b> The generator keeps Jackson's buffers (about 10 KB)
 * while it is open, so {@link #release} closes it when the stream goes quiet (its output's timed
 * flush or heartbeat calls it); the buffers go back to the shared pool and the next item opens a new
 * generator. An idle encoder holds a few small objects.
 */
final class ItemEncoder {
  private final ObjectWriter writer;
  /** Writes plain records without Jackson, straight into the output's buffer; null for other types. */
  private final RecordItemWriter direct;
  private FrameBuffer directScratch;
  /** Serializes encoding and {@link #release}, which arrive from the producer and from timers. */
  private final ReentrantLock lock = new ReentrantLock();
  private final Scratch scratch = new Scratch();
  private SequenceWriter sequence;
  private boolean broken;

  ItemEncoder(ObjectWriter itemWriter) {
    this(itemWriter, null);
  }

  ItemEncoder(StreamItems items) {
    this(items.writer(), items.direct());
  }

  private ItemEncoder(ObjectWriter itemWriter, RecordItemWriter direct) {
    this.writer = itemWriter.without(SerializationFeature.INDENT_OUTPUT).with((PrettyPrinter) null);
    this.direct = direct;
  }

  /**
   * Encodes {@code value} and hands its JSON to {@code output} as one item. After a failure the
   * encoder must not be used again (its generator may be half way into a value).
   */
  void encodeInto(Object value, EventStreamOutput output, boolean flushNow) throws IOException {
    if (direct != null && output.item(direct, value, flushNow)) {
      return; // written straight into the output's buffer; nothing of this encoder's was used
    }
    lock.lock();
    try {
      int length = encode(value);
      output.item(scratch.bytes, length, flushNow);
    } finally {
      lock.unlock();
    }
  }

  /** Encodes {@code value} into an array of its own, for sources that queue items. */
  byte[] encodeToArray(Object value) throws IOException {
    lock.lock();
    try {
      if (direct != null) {
        if (directScratch == null) {
          directScratch = new FrameBuffer(null);
        }
        directScratch.clear();
        if (direct.write(value, directScratch)) {
          return Arrays.copyOf(directScratch.bytes, directScratch.length);
        }
      }
      int length = encode(value);
      return Arrays.copyOf(scratch.bytes, length);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the generator and drops the scratch buffer if no item is being encoded right now (an
   * encoding in progress means the stream is not idle); the next item opens them again.
   */
  void release() {
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (sequence != null && !broken) {
        try {
          sequence.close(); // returns the generator's buffers to the pool; the scratch ignores close
        } catch (IOException | RuntimeException e) {
          broken = true; // cannot happen with the scratch buffer as target; never reuse it then
        }
        sequence = null;
      }
      scratch.drop();
      directScratch = null;
    } finally {
      lock.unlock();
    }
  }

  /** Whether a generator is open (for tests of the idle policy). */
  boolean holdsGenerator() {
    return sequence != null;
  }

  /** Bytes the scratch buffer holds (for tests of the idle policy). */
  int scratchCapacity() {
    return scratch.bytes.length;
  }

  private int encode(Object value) throws IOException {
    if (broken) {
      throw new IllegalStateException("The item encoder failed before and cannot be used again");
    }
    scratch.reset();
    if (sequence == null) {
      JsonGenerator generator = writer.createGenerator(scratch);
      generator.setRootValueSeparator(null);
      sequence = writer.writeValues(generator);
    }
    try {
      sequence.write(value);
      sequence.flush(); // moves the generator's buffered bytes into the scratch buffer
    } catch (IOException | RuntimeException e) {
      broken = true;
      throw e;
    }
    return scratch.length;
  }

  /** A growable byte buffer whose {@code flush} does nothing: the generator flushes into it. */
  private static final class Scratch extends OutputStream {
    private static final byte[] NONE = {};
    private static final int INITIAL = 256;
    /** A buffer grown by one huge item is dropped rather than kept for the rest of the stream. */
    private static final int KEEP_AT_MOST = 1 << 20;

    byte[] bytes = NONE;
    int length;

    void reset() {
      length = 0;
      if (bytes.length > KEEP_AT_MOST) {
        bytes = NONE;
      }
    }

    void drop() {
      length = 0;
      bytes = NONE;
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
        bytes = Arrays.copyOf(bytes, Math.max(Math.max(INITIAL, bytes.length * 2), length + more));
      }
    }
  }
}
