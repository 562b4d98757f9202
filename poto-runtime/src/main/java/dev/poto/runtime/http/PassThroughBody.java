package dev.poto.runtime.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * A response body for a writer that gathers its own bytes (a stream's frame buffer): each write goes
 * to the connection as it is, one write of the caller's bytes, never through Jetty's aggregation.
 *
 * <p>Why: Jetty's servlet output copies every small write into an aggregate buffer of the response's
 * buffer size (32 KiB of pooled direct memory), taken from the pool at the first small write and given
 * back only when the answer completes. A stream that has written its first item or a heartbeat and
 * then waits kept one for as long as it stayed open. A {@link ByteBuffer} write bypasses that buffer
 * whatever its size, and is not cut into pieces of the buffer size either (making the buffer tiny
 * instead had Jetty send a large stream a byte per write). The writer's own buffer already makes the
 * writes large: whole frames, up to 64 KiB at a time while a stream is busy.
 */
final class PassThroughBody extends OutputStream {
  private final HttpOutput jetty;

  PassThroughBody(HttpOutput jetty) {
    this.jetty = jetty;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (len > 0) {
      jetty.write(ByteBuffer.wrap(b, off, len)); // blocks until written: the caller may reuse b at once
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  /** Sends the headers if nothing was written yet; every written byte has already gone to the connection. */
  @Override
  public void flush() throws IOException {
    jetty.flush();
  }

  @Override
  public void close() throws IOException {
    jetty.close();
  }
}
