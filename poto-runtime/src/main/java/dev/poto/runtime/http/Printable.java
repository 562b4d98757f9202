package dev.poto.runtime.http;

/**
 * The one way a caller's text (a module or method name, an argument key, a header value) goes into an
 * error message or a log line: printable ASCII only, anything else as {@code ?}, cut to a length, so a
 * caller cannot inject line breaks, control characters or megabytes into either.
 */
public final class Printable {
  /** How much of a caller's name an error message repeats. */
  public static final int NAME_LIMIT = 64;

  private Printable() {}

  /** {@code text} made printable and cut to {@link #NAME_LIMIT} characters. */
  public static String of(String text) {
    return of(text, NAME_LIMIT);
  }

  /** {@code text} made printable and cut to {@code limit} characters (an ellipsis marks the cut). */
  public static String of(String text, int limit) {
    StringBuilder out = new StringBuilder(Math.min(text.length(), limit + 1));
    for (int i = 0; i < text.length() && i < limit; i++) {
      char c = text.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e ? c : '?');
    }
    return text.length() > limit ? out.append('…').toString() : out.toString();
  }
}
