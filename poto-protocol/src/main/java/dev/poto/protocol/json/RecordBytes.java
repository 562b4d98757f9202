package dev.poto.protocol.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * One pass over the UTF-8 bytes of a JSON text for {@link DirectRecordReader#readBytes}: the regular
 * case only, with no parser, no copy of the bytes and no symbol table. Every method answers false
 * (or {@link DirectRecordReader#NOT_READ}) at the first byte outside that case, and the caller hands the
 * same bytes to the mapper, which accepts or refuses them exactly as always.
 *
 * <p>What it takes is a strict subset of JSON that reads to the same value with Jackson: blanks are the
 * four JSON ones; a key is plain ASCII without an escape; a string has no escape and no control byte,
 * and its non-ASCII bytes are well-formed UTF-8 ({@link Utf8Text}); an integer has no leading zero, is
 * not {@code -0} and has at most 18 digits; a literal is {@code true}, {@code false} or {@code null}.
 * Anything else (an escape, a fraction, an exponent, a byte of another kind) is the mapper's. Not
 * thread-safe; one per {@link DirectRecordReader.BytesSession}, reset for every value.
 */
final class RecordBytes {
  /** Digits of an integer read here: any 18-digit number fits a long, so no overflow check is needed. */
  private static final int MAX_DIGITS = 18;

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /**
   * The keys of one record type as {@link #key} compares them: the names as UTF-8, which of them are
   * plain (printable ASCII, no quote or backslash, so their bytes in a JSON text can only mean
   * themselves), and, for a plain name of at most seven bytes, the name and its closing quote as one
   * little-endian word with the mask of its bytes (mask 0 for any other name).
   */
  static final class Keys {
    final byte[][] names;
    final boolean[] plain;
    final long[] words;
    final long[] masks;

    Keys(String[] names) {
      int count = names.length;
      this.names = new byte[count][];
      this.plain = new boolean[count];
      this.words = new long[count];
      this.masks = new long[count];
      for (int index = 0; index < count; index++) {
        byte[] name = names[index].getBytes(StandardCharsets.UTF_8);
        this.names[index] = name;
        plain[index] = names[index].chars().allMatch(c -> c >= ' ' && c <= '~' && c != '"' && c != '\\');
        if (plain[index] && name.length < Long.BYTES) {
          long word = '"';
          for (int k = name.length - 1; k >= 0; k--) {
            word = word << 8 | (name[k] & 0xFF);
          }
          words[index] = word;
          masks[index] = name.length == Long.BYTES - 1 ? -1L : (1L << (8 * (name.length + 1))) - 1;
        }
      }
    }
  }

  byte[] bytes;
  int end;
  /** The next byte to read. */
  int at;
  /** The longest string the mapper would take (its stream-read constraint). */
  private final int maxStringLength;

  RecordBytes(int maxStringLength) {
    this.maxStringLength = maxStringLength;
  }

  /** Starts reading {@code bytes[offset, offset + length)}. */
  RecordBytes reset(byte[] bytes, int offset, int length) {
    this.bytes = bytes;
    this.at = offset;
    this.end = offset + length;
    return this;
  }

  /** Skips blanks; answers the byte after them, or -1 at the end. */
  int skipBlanks() {
    while (at < end) {
      byte b = bytes[at];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b;
      }
      at++;
    }
    return -1;
  }

  /** Takes {@code expected} after blanks. */
  boolean take(char expected) {
    if (skipBlanks() != expected) {
      return false;
    }
    at++;
    return true;
  }

  /**
   * The index among {@code keys} of the key starting at the current byte ({@code "}), or -1 when it is
   * none of them or not plain ASCII; moves past the key's closing quote. {@code likely} is the index
   * tried first (keys usually come in the record's order); its name is compared in place, without a
   * search for the closing quote, when it is plain: a short one with its closing quote in one compare
   * of eight bytes (those past the quote masked off; they may lie beyond {@code end}, never beyond the
   * array).
   */
  int key(Keys keys, int likely) {
    byte[][] names = keys.names;
    int start = ++at; // past the opening quote
    if (likely < names.length && keys.plain[likely]) {
      byte[] name = names[likely];
      int close = start + name.length;
      long mask = keys.masks[likely];
      if (close < end && (mask != 0 && start + Long.BYTES <= bytes.length
          ? ((long) LONGS.get(bytes, start) & mask) == keys.words[likely]
          : bytes[close] == '"' && sameBytes(start, name))) {
        at = close + 1;
        return likely;
      }
    }
    int i = start;
    while (i < end) {
      byte b = bytes[i];
      if (b == '"') {
        break;
      }
      if (b == '\\' || b < ' ') { // an escape, a control byte, or (negative) a non-ASCII byte
        return -1;
      }
      i++;
    }
    if (i >= end) {
      return -1;
    }
    at = i + 1;
    int length = i - start;
    for (int index = 0; index < names.length; index++) {
      byte[] name = names[index];
      if (name.length == length && sameBytes(start, name)) {
        return index;
      }
    }
    return -1;
  }

  /**
   * Whether {@code name} is at {@code bytes[start...]} (the caller checked that it fits). A plain loop:
   * keys are a few bytes long, too short for the vectorized compare of {@code Arrays.equals} to pay.
   */
  private boolean sameBytes(int start, byte[] name) {
    byte[] in = bytes;
    for (int k = 0; k < name.length; k++) {
      if (in[start + k] != name[k]) {
        return false;
      }
    }
    return true;
  }

  /** The string starting at the current byte ({@code "}), or null when it is not the plain case. */
  String string() {
    int start = ++at;
    int i = start;
    boolean ascii = true;
    while (i < end) {
      byte b = bytes[i];
      if (b == '"') {
        break;
      }
      if (b < ' ') {
        if (b >= 0) {
          return null; // a control byte: the mapper refuses it
        }
        ascii = false; // a byte of a multi-byte UTF-8 sequence
      } else if (b == '\\') {
        return null; // an escape: the mapper decodes it
      }
      i++;
    }
    if (i >= end || i - start > maxStringLength) {
      return null;
    }
    at = i + 1;
    if (ascii) {
      return new String(bytes, start, i - start, StandardCharsets.ISO_8859_1); // the same chars, no decoding
    }
    if (Utf8Text.firstInvalid(bytes, start, i - start) >= 0) {
      return null;
    }
    return new String(bytes, start, i - start, StandardCharsets.UTF_8);
  }

  /**
   * The integer at the current byte, followed by a byte that ends it, or {@code Long.MIN_VALUE} when it
   * is not one this reader takes.
   */
  long integer() {
    int i = at;
    boolean negative = false;
    if (i < end && bytes[i] == '-') {
      negative = true;
      i++;
    }
    int first = i;
    long value = 0;
    while (i < end) {
      int digit = bytes[i] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
      i++;
    }
    int digits = i - first;
    if (digits == 0 || digits > MAX_DIGITS || (bytes[first] == '0' && (digits > 1 || negative))) {
      return Long.MIN_VALUE; // none, too long for this reader, a leading zero, or -0
    }
    if (!endsTokenAt(i)) {
      return Long.MIN_VALUE; // a fraction, an exponent, or a malformed token
    }
    at = i;
    return negative ? -value : value;
  }

  /** The literal {@code true} or {@code false} at the current byte, or null. */
  Boolean bool() {
    if (matches("true")) {
      return Boolean.TRUE;
    }
    if (matches("false")) {
      return Boolean.FALSE;
    }
    return null;
  }

  /** Takes the literal {@code null} at the current byte. */
  boolean nullLiteral() {
    return matches("null");
  }

  private boolean matches(String literal) {
    int length = literal.length();
    if (end - at < length) {
      return false;
    }
    for (int k = 0; k < length; k++) {
      if (bytes[at + k] != literal.charAt(k)) {
        return false;
      }
    }
    int after = at + length;
    if (!endsTokenAt(after)) {
      return false; // "truex": a malformed token
    }
    at = after;
    return true;
  }

  /** Whether a number or literal may end before {@code index}: the text ends there, or a comma, brace or blank follows. */
  private boolean endsTokenAt(int index) {
    if (index >= end) {
      return true;
    }
    byte next = bytes[index];
    return next == ',' || next == '}' || next == ' ' || next == '\n' || next == '\r' || next == '\t';
  }
}
