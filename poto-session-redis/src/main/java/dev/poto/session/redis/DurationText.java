package dev.poto.session.redis;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations from configuration text: {@code 500ms}, {@code 2s}, {@code 30m}, {@code 12h}, {@code 1d} or ISO-8601 ({@code PT30M}). */
final class DurationText {
  private DurationText() {}

  private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** The duration {@code text} names; {@code setting} only names the source in the error message. */
  static Duration parse(String setting, String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Matcher short_ = SHORT.matcher(trimmed);
    try {
      if (short_.matches()) {
        long amount = Long.parseLong(short_.group(1));
        return switch (short_.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
      return Duration.parse(text.trim());
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new IllegalArgumentException(
          setting + " is not a duration: '" + text + "'. Use for example 500ms, 2s, 30m, 12h, 1d or PT30M.", e);
    }
  }
}
