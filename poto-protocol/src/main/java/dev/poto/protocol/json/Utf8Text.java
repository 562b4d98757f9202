package dev.poto.protocol.json;

/**
 * Checks that bytes are JSON text as the protocol allows it: well-formed UTF-8 (RFC 8259 §8.1), with
 * no byte-order mark. Jackson alone would decode an overlong form such as {@code C0 AF} into
 * {@code '/'}, accept UTF-8-encoded surrogates, and read UTF-16 or UTF-32 by guessing from zero bytes;
 * every one of those is rejected here instead.
 */
public final class Utf8Text {
  private Utf8Text() {}

  /**
   * The offset of the first byte in {@code bytes[offset, offset + length)} that makes it unacceptable,
   * or -1 when it is well-formed. Rejected: ill-formed UTF-8 (overlong forms, encoded surrogates, code
   * points above U+10FFFF, stray or missing continuation bytes), a NUL byte (never valid in JSON text,
   * and the mark of UTF-16 and UTF-32), and a leading byte-order mark.
   */
  public static int firstInvalid(byte[] bytes, int offset, int length) {
    int end = offset + length;
    if (length >= 3 && (bytes[offset] & 0xFF) == 0xEF && (bytes[offset + 1] & 0xFF) == 0xBB
        && (bytes[offset + 2] & 0xFF) == 0xBF) {
      return offset;
    }
    int i = offset;
    while (i < end) {
      int b = bytes[i];
      if (b > 0) { // ASCII other than NUL: the common case
        i++;
        continue;
      }
      if (b == 0) {
        return i;
      }
      int lead = b & 0xFF;
      int size;
      int min = 0x80; // the range the second byte must fall in (Unicode Table 3-7)
      int max = 0xBF;
      if (lead >= 0xC2 && lead <= 0xDF) {
        size = 2;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        size = 3;
        if (lead == 0xE0) {
          min = 0xA0; // below: overlong
        } else if (lead == 0xED) {
          max = 0x9F; // above: a surrogate
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        size = 4;
        if (lead == 0xF0) {
          min = 0x90; // below: overlong
        } else if (lead == 0xF4) {
          max = 0x8F; // above: beyond U+10FFFF
        }
      } else {
        return i; // a continuation byte without a lead, C0/C1 (always overlong), or F5..FF
      }
      if (end - i < size) {
        return i; // truncated
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < min || second > max) {
        return i;
      }
      for (int k = 2; k < size; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += size;
    }
    return -1;
  }
}
