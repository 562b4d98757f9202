package dev.poto.runtime.upload;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body of an upload call as the method reads it: straight from the connection, never
 * buffered beyond the read in progress, so a server's heap does not grow with the upload.
 *
 * <ul>
 *   <li>Past the limit a read throws 413 {@code payload_too_large} (and every later one does); the call
 *       answers 413 even if the method swallowed it.
 *   <li>A read that fails (the caller went away, the body ended short of its declared length) runs
 *       {@code onBroken} first, which cancels the call, then throws.
 *   <li>The end of the body runs {@code onEnd}: only then may the connection be watched for a departed
 *       caller, since watching reads from it.
 * </ul>
 */
public final class UploadBody extends InputStream {
  private final InputStream body;
  private final long limit;
  private long count;
  private volatile boolean tooLarge;
  private volatile boolean ended;
  private volatile Runnable onEnd = () -> {};
  private volatile Runnable onBroken = () -> {};

  public UploadBody(InputStream body, long limit) {
    this.body = body;
    this.limit = limit;
  }

  /** What to do at the end of the body, and when a read fails; set before the method runs. */
  public void whenRead(Runnable onEnd, Runnable onBroken) {
    this.onEnd = onEnd;
    this.onBroken = onBroken;
  }

  /** Whether the whole body has been read. */
  public boolean ended() {
    return ended;
  }

  /** Whether a read went past the limit. */
  public boolean tooLarge() {
    return tooLarge;
  }

  public static RpcException tooLarge(long limit) {
    return new RpcException(413, ProblemCodes.PAYLOAD_TOO_LARGE, "The upload is larger than the limit of " + limit + " bytes");
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (tooLarge) {
      throw tooLarge(limit);
    }
    if (ended) {
      return -1;
    }
    if (length == 0) {
      return 0;
    }
    int n;
    try {
      // One byte more than the limit allows is enough to tell that the body is over it.
      n = body.read(buffer, offset, (int) Math.min(length, limit - count + 1));
    } catch (IOException e) {
      onBroken.run();
      throw e;
    }
    if (n < 0) {
      ended = true;
      onEnd.run();
      return -1;
    }
    count += n;
    if (count > limit) {
      tooLarge = true;
      throw tooLarge(limit);
    }
    return n;
  }

  @Override
  public int available() throws IOException {
    return ended || tooLarge ? 0 : body.available();
  }

  /** Leaves the connection's stream to the server: what is left of the body is Jetty's to drop. */
  @Override
  public void close() {}
}
