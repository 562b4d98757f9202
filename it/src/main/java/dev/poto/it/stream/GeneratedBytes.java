package dev.poto.it.stream;

import java.io.InputStream;

/**
 * A deterministic pseudo-random byte stream of a given length, produced on the fly (nothing is held
 * in memory), so a test can compute the expected checksum from a second instance.
 */
public final class GeneratedBytes extends InputStream {
  private final long length;
  private long position;
  private long state;

  public GeneratedBytes(long length, long seed) {
    this.length = length;
    this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
  }

  private byte nextByte() {
    // xorshift64: cheap and never stuck at zero
    if ((position & 7) == 0) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
    }
    byte b = (byte) (state >>> ((position & 7) * 8));
    position++;
    return b;
  }

  @Override
  public int read() {
    return position >= length ? -1 : nextByte() & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int len) {
    if (len == 0) {
      return 0;
    }
    if (position >= length) {
      return -1;
    }
    int n = (int) Math.min(len, length - position);
    for (int i = 0; i < n; i++) {
      buffer[offset + i] = nextByte();
    }
    return n;
  }
}
