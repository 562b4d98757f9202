package dev.poto.bench.stream;

import java.io.InputStream;
import java.util.Objects;

/** {@code length} bytes of a repeating pattern, produced on demand so 100 MB never sit in memory. */
final class PatternInputStream extends InputStream {
  private static final byte[] PATTERN = new byte[64 * 1024];

  static {
    for (int i = 0; i < PATTERN.length; i++) {
      PATTERN[i] = (byte) (i * 7 + 3);
    }
  }

  private final long length;
  private long position;

  PatternInputStream(long length) {
    this.length = length;
  }

  @Override
  public int read() {
    if (position >= length) {
      return -1;
    }
    return PATTERN[(int) (position++ % PATTERN.length)] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int count) {
    Objects.checkFromIndexSize(offset, count, buffer.length);
    if (position >= length) {
      return -1;
    }
    int start = (int) (position % PATTERN.length);
    int n = (int) Math.min(Math.min(count, PATTERN.length - start), length - position);
    System.arraycopy(PATTERN, start, buffer, offset, n);
    position += n;
    return n;
  }

  @Override
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, length - position);
  }
}
