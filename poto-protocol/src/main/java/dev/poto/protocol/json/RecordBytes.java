package dev.poto.protocol.json;

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
   * The index in {@code names} of the key starting at the current byte ({@code "}), or -1 when it is
   * none of them or not plain ASCII; moves past the key's closing quote. {@code likely} is the index
   * tried first (keys usually come in the record's order); its name is compared in place, without a
   * search for the closing quote, when it is plain ({@code plain[likely]}: printable ASCII, no quote or
   * backslash, so its bytes in a JSON text can only mean itself).
   */
  int key(byte[][] names, boolean[] plain, int likely) {
    int start = ++at; // past the opening quote
    if (likely < names.length && plain[likely]) {
      byte[] name = names[likely];
      int close = start + name.length;
      if (close < end && bytes[close] == '"' && sameBytes(start, name)) {
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
