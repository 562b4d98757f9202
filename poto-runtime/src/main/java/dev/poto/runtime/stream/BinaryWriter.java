package dev.poto.runtime.stream;

import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.context.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Writes {@code byte[]} and {@code InputStream} results as an {@code application/octet-stream} body.
 * An {@code InputStream} is copied in bounded chunks, so the body is never held in memory; the stream
 * is closed at the end, on failure and when the caller goes away.
 *
 * <p><b>Copies.</b> To a {@link ByteBufferSink} (Jetty's response), the bytes read from the stream go
 * into a direct buffer borrowed from a small pool, written as one write of up to {@link #CHUNK_SIZE}
 * when it is full or when the stream has nothing more ready ({@code available() == 0}: what a slow
 * source has produced goes out at once). So each byte is copied once between the stream's array and
 * the socket, in few large writes, instead of being split by the servlet stream into small writes that
 * the JDK copies into direct buffers of its own, with a flush each. To any other {@code OutputStream},
 * chunks of {@link #READ_SIZE} are written and flushed.
 */
public final class BinaryWriter {
  /** The most one write of an InputStream copy to a {@link ByteBufferSink} carries. */
  public static final int CHUNK_SIZE = 256 * 1024;

  /** The most one read from the InputStream asks for (and the chunk written to a plain OutputStream). */
  public static final int READ_SIZE = 64 * 1024;

  /** Direct buffers kept for the next copy: a few, so idle downloads hold no memory beyond them. */
  private static final int POOLED_BUFFERS = 8;

  private static final ArrayBlockingQueue<ByteBuffer> BUFFERS = new ArrayBlockingQueue<>(POOLED_BUFFERS);

  /** Thrown when reading the module's InputStream fails; carries how many bytes were already sent. */
  public static final class SourceFailedException extends IOException {
    private final long bytesWritten;

    SourceFailedException(IOException cause, long bytesWritten) {
      super("Reading the result InputStream failed after " + bytesWritten + " bytes", cause);
      this.bytesWritten = bytesWritten;
    }

    /** Zero means the answer has not started, so the handler can still send a problem instead. */
    public long bytesWritten() {
      return bytesWritten;
    }
  }

  private final StreamMetrics metrics;

  public BinaryWriter(StreamMetrics metrics) {
    this.metrics = Objects.requireNonNull(metrics, "metrics");
  }

  /** The Content-Length to announce for {@code result}: known for byte arrays only. */
  public static OptionalLong contentLength(Object result) {
    return result instanceof byte[] bytes ? OptionalLong.of(bytes.length) : OptionalLong.empty();
  }

  /**
   * Writes a byte array or copies an InputStream to {@code out}.
   *
   * @return the bytes written, or -1 when the call was cancelled part way: the caller went away (a
   *     failed write cancels {@code cancellation} with {@link CancelReasons#CLIENT_GONE}) or the
   *     deadline passed. The InputStream is closed in every case.
   * @throws SourceFailedException when reading the InputStream fails
   */
  public long write(Object result, OutputStream out, Cancellation cancellation) throws SourceFailedException {
    return switch (result) {
      case byte[] bytes -> writeBytes(bytes, out, cancellation);
      case InputStream in -> copy(in, out, cancellation);
      case null -> throw new IllegalStateException("The @Rpc method returned null instead of binary content");
      default ->
          throw new IllegalArgumentException(
              "Not a binary result: " + result.getClass().getName() + " (expected byte[] or java.io.InputStream)");
    };
  }

  private long writeBytes(byte[] bytes, OutputStream out, Cancellation cancellation) {
    metrics.streamStarted();
    try {
      out.write(bytes);
      out.flush();
      return bytes.length;
    } catch (IOException e) {
      return gone(cancellation);
    } finally {
      metrics.streamClosed();
    }
  }

  private long copy(InputStream in, OutputStream out, Cancellation cancellation) throws SourceFailedException {
    metrics.streamStarted();
    ByteBuffer direct = out instanceof ByteBufferSink ? borrow() : null; // not given back if the copy fails
    byte[] chunk = new byte[READ_SIZE];
    long read = 0; // bytes taken from the source; those in the direct buffer are not written yet
    long written = 0;
    try (in) {
      while (!cancellation.isCancelled()) {
        int n;
        try {
          // not readNBytes: what a slow source has produced goes out at once
          n = in.read(chunk, 0, direct == null ? chunk.length : Math.min(chunk.length, direct.remaining()));
        } catch (IOException e) {
          if (cancellation.isCancelled()) {
            break; // interrupted because the caller left or the deadline passed
          }
          throw new SourceFailedException(e, written);
        }
        try {
          if (n < 0) {
            if (direct != null && direct.position() > 0) {
              written += writeOut(direct, (ByteBufferSink) out);
            }
            if (direct != null) {
              giveBack(direct); // only after a complete copy: a failed write may leave it with the connection
              direct = null;
            }
            return written;
          }
          read += n;
          if (direct == null) {
            out.write(chunk, 0, n);
            out.flush();
            written = read;
          } else {
            direct.put(chunk, 0, n);
            if (direct.remaining() < READ_SIZE || nothingReady(in)) {
              written += writeOut(direct, (ByteBufferSink) out);
            }
          }
        } catch (IOException e) {
          return gone(cancellation);
        }
      }
      return -1;
    } catch (SourceFailedException e) {
      throw e;
    } catch (IOException closeFailure) {
      return written; // closing the source failed after a complete copy: the caller has everything
    } finally {
      metrics.sourceClosed();
      metrics.streamClosed();
    }
  }

  /** Whether the source has nothing more ready now; a source that cannot tell counts as having nothing. */
  private static boolean nothingReady(InputStream in) {
    try {
      return in.available() <= 0;
    } catch (IOException e) {
      return true; // the next read reports the failure
    }
  }

  /** Writes what the buffer holds and empties it for the next bytes; the bytes written. */
  private static int writeOut(ByteBuffer direct, ByteBufferSink out) throws IOException {
    direct.flip();
    int length = direct.remaining();
    out.write(direct);
    direct.clear();
    return length;
  }

  private static ByteBuffer borrow() {
    ByteBuffer buffer = BUFFERS.poll();
    return buffer != null ? buffer : ByteBuffer.allocateDirect(CHUNK_SIZE);
  }

  private static void giveBack(ByteBuffer buffer) {
    buffer.clear();
    BUFFERS.offer(buffer); // dropped when the pool is full: the collector frees it
  }

  private long gone(Cancellation cancellation) {
    metrics.clientGone();
    cancellation.cancel(CancelReasons.CLIENT_GONE);
    return -1;
  }
}
