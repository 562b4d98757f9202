package dev.poto.runtime.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Captures a response body; can be told to fail like a closed connection; lets a test await text. */
final class RecordingOutputStream extends OutputStream {
  private final StringBuilder text = new StringBuilder();
  private boolean broken;
  private int flushes;

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    if (broken) {
      throw new IOException("Broken pipe");
    }
    text.append(new String(b, off, len, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void flush() throws IOException {
    if (broken) {
      throw new IOException("Broken pipe");
    }
    flushes++;
    notifyAll();
  }

  synchronized void breakConnection() {
    broken = true;
  }

  synchronized String text() {
    return text.toString();
  }

  synchronized int flushes() {
    return flushes;
  }

  /** Waits (generously) until the flushed body contains {@code expected}. */
  synchronized void awaitText(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!text.toString().contains(expected)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("Timed out waiting for " + expected + " in:\n" + text);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }
}
