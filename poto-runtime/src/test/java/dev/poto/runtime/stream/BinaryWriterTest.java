package dev.poto.runtime.stream;

import dev.poto.runtime.guard.CancelReasons;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.context.Cancellation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class BinaryWriterTest {
  final StreamMetrics metrics = new StreamMetrics();
  final BinaryWriter writer = new BinaryWriter(metrics);
  final Cancellation cancellation = new Cancellation();

  /** Generates {@code size} pseudo-random bytes without holding them; records whether it was closed. */
  static final class GeneratedInput extends InputStream {
    final long size;
    final CRC32 crc = new CRC32();
    final AtomicBoolean closed = new AtomicBoolean();
    long position;
    long state = 0x9E3779B97F4A7C15L;

    GeneratedInput(long size) {
      this.size = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, Math.min(size - position, 10_000)); // uneven reads, like a real source
      for (int i = 0; i < n; i++) {
        state ^= state << 13;
        state ^= state >>> 7;
        state ^= state << 17;
        b[off + i] = (byte) state;
      }
      crc.update(b, off, n);
      position += n;
      return n;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }

  /** Counts and checksums what it receives, holding none of it. */
  static final class CountingOutput extends OutputStream {
    final CRC32 crc = new CRC32();
    long bytes;
    int flushes;
    int largestWrite;

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      crc.update(b, off, len);
      bytes += len;
      largestWrite = Math.max(largestWrite, len);
    }

    @Override
    public void flush() {
      flushes++;
    }
  }

  @Test
  void aByteArrayIsWrittenWithAKnownLength() throws Exception {
    byte[] body = {0, 1, 2, (byte) 255};
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThat(writer.write(body, out, cancellation)).isEqualTo(4);
    assertThat(out.toByteArray()).isEqualTo(body);
    assertThat(BinaryWriter.contentLength(body)).hasValue(4);
    assertThat(BinaryWriter.contentLength(InputStream.nullInputStream())).isEmpty();
  }

  @Test
  void a100MegabyteInputStreamIsCopiedInBoundedChunksAndClosed() throws Exception {
    long size = 100L * 1024 * 1024 + 17;
    GeneratedInput in = new GeneratedInput(size);
    CountingOutput out = new CountingOutput();

    assertThat(writer.write(in, out, cancellation)).isEqualTo(size);

    assertThat(out.bytes).isEqualTo(size);
    assertThat(out.crc.getValue()).isEqualTo(in.crc.getValue());
    assertThat(out.largestWrite).isLessThanOrEqualTo(BinaryWriter.READ_SIZE);
    assertThat(out.flushes).as("flushed chunk by chunk").isGreaterThan(1000);
    assertThat(in.closed).isTrue();
    assertThat(metrics.snapshot().open()).isZero();
  }

  /** {@link GeneratedInput} that says how much it has ready, as a file or a buffer in memory would. */
  static final class ReadyInput extends InputStream {
    final GeneratedInput bytes;

    ReadyInput(long size) {
      bytes = new GeneratedInput(size);
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return bytes.read(b, off, len);
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, bytes.size - bytes.position);
    }

    @Override
    public void close() {
      bytes.close();
    }
  }

  /** A body that takes ByteBuffers, as Jetty's response does: records every write. */
  static final class SinkOutput extends OutputStream implements ByteBufferSink {
    final CRC32 crc = new CRC32();
    final java.util.List<Integer> bufferWrites = new java.util.ArrayList<>();
    final java.util.Set<ByteBuffer> buffers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    long bytes;
    int arrayWrites;
    boolean allDirect = true;

    @Override
    public void write(ByteBuffer buffer) {
      allDirect &= buffer.isDirect();
      buffers.add(buffer);
      bufferWrites.add(buffer.remaining());
      bytes += buffer.remaining();
      crc.update(buffer); // consumes it, as a write does
    }

    @Override
    public void write(int b) {
      arrayWrites++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      arrayWrites++;
    }
  }

  @Test
  void toAByteBufferSinkTheStreamGoesOutInLargeWritesOfOneReusedDirectBuffer() throws Exception {
    long size = 100L * 1024 * 1024 + 17;
    ReadyInput in = new ReadyInput(size);
    SinkOutput out = new SinkOutput();

    assertThat(writer.write(in, out, cancellation)).isEqualTo(size);

    assertThat(out.bytes).isEqualTo(size);
    assertThat(out.crc.getValue()).isEqualTo(in.bytes.crc.getValue());
    assertThat(out.arrayWrites).as("no write through the array path").isZero();
    assertThat(out.allDirect).as("direct buffers: the socket takes them without another copy").isTrue();
    assertThat(out.buffers).as("one buffer for the whole copy, not one per chunk").hasSize(1);
    assertThat(out.bufferWrites).allMatch(n -> n <= BinaryWriter.CHUNK_SIZE);
    // Every write but the last carries at least CHUNK_SIZE - READ_SIZE bytes.
    assertThat(out.bufferWrites.size()).isLessThanOrEqualTo(
        (int) (size / (BinaryWriter.CHUNK_SIZE - BinaryWriter.READ_SIZE)) + 1);
    assertThat(in.bytes.closed).isTrue();
    assertThat(metrics.snapshot().open()).isZero();
  }

  @Test
  void toAByteBufferSinkWhatASlowSourceHasReadyGoesOutAtOnce() throws Exception {
    // Each read returns 5 bytes and the source has nothing more ready: no write may wait for more.
    InputStream slow = new InputStream() {
      int reads;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (reads == 3) {
          return -1;
        }
        reads++;
        java.util.Arrays.fill(b, off, off + 5, (byte) reads);
        return 5;
      }
    };
    SinkOutput out = new SinkOutput();

    assertThat(writer.write(slow, out, cancellation)).isEqualTo(15);

    assertThat(out.bufferWrites).containsExactly(5, 5, 5);
  }

  @Test
  void aDepartedCallerStopsTheCopyCancelsTheCallAndClosesTheSource() throws Exception {
    GeneratedInput in = new GeneratedInput(Long.MAX_VALUE);
    OutputStream gone = new OutputStream() {
      long written;

      public void write(int b) {}

      public void write(byte[] b, int off, int len) throws IOException {
        written += len;
        if (written > 1_000_000) {
          throw new IOException("Connection reset by peer");
        }
      }
    };

    assertThat(writer.write(in, gone, cancellation)).isEqualTo(-1);

    assertThat(cancellation.reason()).isEqualTo(CancelReasons.CLIENT_GONE);
    assertThat(in.closed).isTrue();
    assertThat(in.position).isLessThan(2_000_000);
    assertThat(metrics.snapshot()).isEqualTo(new StreamMetrics.Snapshot(1, 1, 0, 1, 1, 0));
  }

  @Test
  void aFailingSourceReportsHowMuchWasSent() {
    InputStream failing = new InputStream() {
      int reads;

      public int read() throws IOException {
        throw new IOException("disk gone");
      }

      public int read(byte[] b, int off, int len) throws IOException {
        if (reads++ == 0) {
          return 10;
        }
        throw new IOException("disk gone");
      }
    };

    assertThatThrownBy(() -> writer.write(failing, OutputStream.nullOutputStream(), cancellation))
        .isInstanceOfSatisfying(BinaryWriter.SourceFailedException.class, e -> assertThat(e.bytesWritten()).isEqualTo(10));
    assertThat(metrics.open()).isZero();
  }
}
