package dev.poto.processor.writer;

/** A processor option ({@code -A<name>=<value>}) whose value is not one of the accepted ones. */
public final class InvalidOption extends IllegalArgumentException {
  public final String option;
  public final String value;
  public final String expected;

  InvalidOption(String option, String value, String expected) {
    super("-A" + option + " must be " + expected + ", was '" + value + "'");
    this.option = option;
    this.value = value;
    this.expected = expected;
  }

  /** The value of a {@code true}/{@code false} option, {@code absent} when unset. */
  static boolean flag(java.util.Map<String, String> options, String name, boolean absent) {
    String value = options.getOrDefault(name, Boolean.toString(absent)).strip();
    if (!value.equals("true") && !value.equals("false")) {
      throw new InvalidOption(name, value, "true or false");
    }
    return value.equals("true");
  }
}
