package dev.poto.runtime.stream;

import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings, numbers and booleans written as UTF-8 JSON bytes exactly as one Jackson writer writes them.
 * The writer is the one source: the escape of every ASCII character is taken from what it writes, and
 * a set of edge values of every kind (signs, limits, {@code -0.0}, NaN, infinities, non-ASCII text) is
 * written by both and compared; a writer that differs anywhere (other escapes, numbers as strings,
 * non-ASCII escaped) gets no {@code JsonText} at all, and its items keep going through Jackson.
 *
 * <p>A string holding a UTF-16 surrogate is not written here (the caller hands the value to Jackson,
 * whose rules for pairs and lone halves depend on its features).
 */
final class JsonText {
  /** The longest a long takes: a sign and 19 digits. */
  static final int MAX_LONG_LENGTH = 20;
  /** Characters of a string handled per reservation: bounds the room asked for at once. */
  private static final int SEGMENT = 512;
  /** The most bytes one char takes: a 6-byte {@code \}{@code u00XX} escape. */
  private static final int MAX_CHAR_BYTES = 6;

  private static final byte[] TRUE = ascii("true");
  private static final byte[] FALSE = ascii("false");
  static final byte[] NULL = ascii("null");
  /** The ASCII digits of 00..99, tens first, as one big-endian short each. */
  private static final short[] DIGIT_PAIRS = new short[100];
  private static final VarHandle PAIR = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final byte[] LONG_MIN = ascii(Long.toString(Long.MIN_VALUE));
  private static final byte[] INT_MIN = ascii(Integer.toString(Integer.MIN_VALUE));

  static {
    for (int i = 0; i < 100; i++) {
      DIGIT_PAIRS[i] = (short) ((('0' + i / 10) << 8) | ('0' + i % 10));
    }
  }

  /** The escape of each ASCII char, or null where the char is written as it is. */
  private final byte[][] asciiEscapes;
  /** Fast test: true where the ASCII char is written as it is. */
  private final boolean[] plain = new boolean[128];

  private JsonText(byte[][] asciiEscapes) {
    this.asciiEscapes = asciiEscapes;
    for (int c = 0; c < 128; c++) {
      plain[c] = asciiEscapes[c] == null;
    }
  }

  /**
   * What {@code writer} writes for strings and numbers, or null when it writes any probe differently
   * from the plain JSON this class writes.
   */
  static JsonText learn(ObjectWriter writer) {
    try {
      if (writer.isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)) {
        return null; // another double formatter: not checked value by value here
      }
      ObjectWriter strings = writer.forType(String.class);
      byte[][] escapes = new byte[128][];
      for (char c = 0; c < 128; c++) {
        byte[] written = strings.writeValueAsBytes(String.valueOf(c));
        if (written.length < 3 || written[0] != '"' || written[written.length - 1] != '"') {
          return null;
        }
        byte[] inner = Arrays.copyOfRange(written, 1, written.length - 1);
        if (inner.length != 1 || inner[0] != c) {
          escapes[c] = inner;
        }
      }
      JsonText text = new JsonText(escapes);
      return text.agreesWith(writer) ? text : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Writes every probe both ways. */
  private boolean agreesWith(ObjectWriter writer) throws IOException {
    FrameBuffer mine = new FrameBuffer(null);
    for (String s : new String[] {"", "plain", "é", "ß€", "\u0080\u07ff\u0800\uffff", "a\"b\\c\u0000\u001f\u007f/<>&'"}) {
      mine.clear();
      if (!writeString(s, mine) || !same(mine, writer.forType(String.class).writeValueAsBytes(s))) {
        return false;
      }
    }
    for (long v : new long[] {0, 1, -1, 9, 10, 99, 100, -100, 12345, Integer.MAX_VALUE, Integer.MIN_VALUE,
        Integer.MAX_VALUE + 1L, Integer.MIN_VALUE - 1L, 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE}) {
      mine.clear();
      writeLong(v, mine);
      if (!same(mine, writer.forType(Long.class).writeValueAsBytes(v))) {
        return false;
      }
      if (v == (int) v) {
        mine.clear();
        writeInt((int) v, mine);
        if (!same(mine, writer.forType(Integer.class).writeValueAsBytes((int) v))) {
          return false;
        }
      }
      if (v == (short) v && !same(mine, writer.forType(Short.class).writeValueAsBytes((short) v))) {
        return false;
      }
      if (v == (byte) v && !same(mine, writer.forType(Byte.class).writeValueAsBytes((byte) v))) {
        return false;
      }
    }
    for (double v : new double[] {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 1e-7, 1e7, 1e21, 1e22, 123456789.125,
        Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY}) {
      mine.clear();
      writeDouble(v, mine);
      if (!same(mine, writer.forType(Double.class).writeValueAsBytes(v))) {
        return false;
      }
      float f = (float) v;
      mine.clear();
      writeFloat(f, mine);
      if (!same(mine, writer.forType(Float.class).writeValueAsBytes(f))) {
        return false;
      }
    }
    for (boolean b : new boolean[] {true, false}) {
      mine.clear();
      writeBoolean(b, mine);
      if (!same(mine, writer.forType(Boolean.class).writeValueAsBytes(b))) {
        return false;
      }
    }
    return true;
  }

  private static boolean same(FrameBuffer mine, byte[] theirs) {
    return Arrays.equals(mine.bytes, 0, mine.length, theirs, 0, theirs.length);
  }

  /**
   * Writes {@code s} quoted and escaped; false (with some of it written) when it holds a surrogate,
   * which is left to Jackson.
   */
  boolean writeString(String s, FrameBuffer out) throws IOException {
    int length = s.length();
    int i = 0;
    out.reserve(Math.min(length, SEGMENT) * MAX_CHAR_BYTES + 2);
    byte[] b = out.bytes;
    int p = out.length;
    b[p++] = '"';
    while (true) {
      int end = Math.min(length, i + SEGMENT);
      for (; i < end; i++) {
        char c = s.charAt(i);
        if (c < 128 && plain[c]) {
          b[p++] = (byte) c; // the common case: nothing to escape or encode
        } else if ((p = putChar(c, b, p)) < 0) {
          return false;
        }
      }
      if (i == length) {
        break;
      }
      out.length = p; // a long string: room for the next segment (the frame may move to the front)
      out.reserve(Math.min(length - i, SEGMENT) * MAX_CHAR_BYTES + 1);
      b = out.bytes;
      p = out.length;
    }
    b[p++] = '"';
    out.length = p;
    return true;
  }

  /** An escaped ASCII char or a multi-byte one at {@code p}; -1 for a surrogate (left to Jackson). */
  private int putChar(char c, byte[] b, int p) {
    if (c < 128) {
      byte[] escape = asciiEscapes[c];
      System.arraycopy(escape, 0, b, p, escape.length);
      return p + escape.length;
    }
    if (c < 0x800) {
      b[p] = (byte) (0xc0 | (c >> 6));
      b[p + 1] = (byte) (0x80 | (c & 0x3f));
      return p + 2;
    }
    if (Character.isSurrogate(c)) {
      return -1;
    }
    b[p] = (byte) (0xe0 | (c >> 12));
    b[p + 1] = (byte) (0x80 | ((c >> 6) & 0x3f));
    b[p + 2] = (byte) (0x80 | (c & 0x3f));
    return p + 3;
  }

  static void writeBoolean(boolean value, FrameBuffer out) throws IOException {
    byte[] text = value ? TRUE : FALSE;
    out.append(text, text.length);
  }

  static void writeNull(FrameBuffer out) throws IOException {
    out.append(NULL, NULL.length);
  }

  /** {@code name} (a property's, with its punctuation) and then {@code value}, in one reservation. */
  static void writeNamedLong(byte[] name, long value, FrameBuffer out) throws IOException {
    out.reserve(name.length + MAX_LONG_LENGTH);
    System.arraycopy(name, 0, out.bytes, out.length, name.length);
    out.length = putLong(value, out.bytes, out.length + name.length);
  }

  static void writeInt(int value, FrameBuffer out) throws IOException {
    out.reserve(MAX_LONG_LENGTH);
    out.length = putInt(value, out.bytes, out.length);
  }

  static void writeLong(long value, FrameBuffer out) throws IOException {
    out.reserve(MAX_LONG_LENGTH);
    out.length = putLong(value, out.bytes, out.length);
  }

  /** Writes {@code value}'s decimal digits at {@code p}; returns the position after them. */
  static int putLong(long value, byte[] b, int p) {
    if (value == (int) value) {
      return putInt((int) value, b, p);
    }
    if (value == Long.MIN_VALUE) {
      System.arraycopy(LONG_MIN, 0, b, p, LONG_MIN.length);
      return p + LONG_MIN.length;
    }
    if (value < 0) {
      b[p++] = '-';
      value = -value;
    }
    // More than an int: nine digits at a time, in int arithmetic.
    long upper = value / 1_000_000_000;
    int low = (int) (value - upper * 1_000_000_000);
    if (upper < 1_000_000_000) {
      p = putInt((int) upper, b, p);
    } else {
      int top = (int) (upper / 1_000_000_000); // a long has at most 19 digits: one here
      b[p++] = (byte) ('0' + top);
      putDigits((int) (upper - top * 1_000_000_000L), b, p + 9, 9);
      p += 9;
    }
    putDigits(low, b, p + 9, 9);
    return p + 9;
  }

  /** Writes {@code value}'s decimal digits at {@code p}; returns the position after them. */
  static int putInt(int value, byte[] b, int p) {
    if (value < 0) {
      if (value == Integer.MIN_VALUE) {
        System.arraycopy(INT_MIN, 0, b, p, INT_MIN.length);
        return p + INT_MIN.length;
      }
      b[p++] = '-';
      value = -value;
    }
    int count = digits(value);
    putDigits(value, b, p + count, count);
    return p + count;
  }

  /** Writes exactly {@code count} digits of non-negative {@code value}, ending before {@code end}. */
  private static void putDigits(int value, byte[] b, int end, int count) {
    int q = end;
    int start = end - count;
    while (q - start >= 2) {
      int quotient = value / 100;
      q -= 2;
      PAIR.set(b, q, DIGIT_PAIRS[value - quotient * 100]); // two digits in one store
      value = quotient;
    }
    if (q > start) {
      b[q - 1] = (byte) ('0' + value);
    }
  }

  /** Decimal digits of a non-negative int. */
  private static int digits(int value) {
    if (value < 100_000) {
      return value < 100 ? (value < 10 ? 1 : 2) : value < 1_000 ? 3 : value < 10_000 ? 4 : 5;
    }
    return value < 10_000_000 ? (value < 1_000_000 ? 6 : 7) : value < 100_000_000 ? 8 : value < 1_000_000_000 ? 9 : 10;
  }

  /** As Jackson: {@code Double.toString}, and a non-finite value as a string ("NaN", "Infinity"). */
  static void writeDouble(double value, FrameBuffer out) throws IOException {
    writeNumberText(Double.toString(value), !Double.isFinite(value), out);
  }

  static void writeFloat(float value, FrameBuffer out) throws IOException {
    writeNumberText(Float.toString(value), !Float.isFinite(value), out);
  }

  private static void writeNumberText(String text, boolean quoted, FrameBuffer out) throws IOException {
    int length = text.length();
    out.reserve(length + 2);
    byte[] b = out.bytes;
    int p = out.length;
    if (quoted) {
      b[p++] = '"';
    }
    for (int i = 0; i < length; i++) {
      b[p++] = (byte) text.charAt(i);
    }
    if (quoted) {
      b[p++] = '"';
    }
    out.length = p;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
