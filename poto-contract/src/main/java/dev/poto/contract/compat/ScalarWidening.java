package dev.poto.contract.compat;

import java.util.List;
import java.util.Map;

/**
 * Which scalar kinds a reader of another kind takes exactly under Poto's strict JSON (docs/PROTOCOL.md
 * §6): a wider integer reads every narrower one, {@code double} reads every {@code float}, and
 * {@code big_integer} every integer. Anything else is a different wire value.
 */
final class ScalarWidening {
  private ScalarWidening() {}

  private static final Map<String, List<String>> READS = Map.of(
      "short", List.of("byte"),
      "int", List.of("byte", "short"),
      "long", List.of("byte", "short", "int"),
      "big_integer", List.of("byte", "short", "int", "long"),
      "double", List.of("float"));

  static boolean accepts(String reader, String writer) {
    return reader.equals(writer) || READS.getOrDefault(reader, List.of()).contains(writer);
  }
}
