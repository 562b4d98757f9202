package dev.poto.runtime.stream;

import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.context.Cancellation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Writes {@code byte[]} and {@code InputStream} results as an {@code application/octet-stream} body.
 * An {@code InputStream} is copied in fixed chunks, each flushed, so the body is never held in memory;
 * the stream is closed at the end, on failure and when the caller goes away.
 */
public final class BinaryWriter {
  /** Chunk size of an InputStream copy. */
  public static final int CHUNK_SIZE = 64 * 1024;

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
    byte[] chunk = new byte[CHUNK_SIZE];
    long written = 0;
    try (in) {
      while (!cancellation.isCancelled()) {
        int n;
        try {
          n = in.read(chunk); // not readNBytes: what a slow source has produced goes out at once
        } catch (IOException e) {
          if (cancellation.isCancelled()) {
            break; // interrupted because the caller left or the deadline passed
          }
          throw new SourceFailedException(e, written);
        }
        if (n < 0) {
          return written;
        }
        try {
          out.write(chunk, 0, n);
          out.flush();
        } catch (IOException e) {
          return gone(cancellation);
        }
        written += n;
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

  private long gone(Cancellation cancellation) {
    metrics.clientGone();
    cancellation.cancel(CancelReasons.CLIENT_GONE);
    return -1;
  }
}
