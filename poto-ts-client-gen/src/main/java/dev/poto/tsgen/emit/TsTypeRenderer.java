package dev.poto.tsgen.emit;

import dev.poto.tsgen.model.TsType;
import java.util.StringJoiner;

/** Writes a {@link TsType} as TypeScript type syntax. */
final class TsTypeRenderer {
  private TsTypeRenderer() {}

  static String render(TsType type) {
    return switch (type) {
      case TsType.Scalar scalar -> scalar.scalar().typeScript();
      case TsType.Array array -> array.element() instanceof TsType.Nullable
          ? "(" + render(array.element()) + ")[]"
          : render(array.element()) + "[]";
      case TsType.Dictionary dictionary -> dictionary.partial()
          ? "Partial<Record<" + render(dictionary.key()) + ", " + render(dictionary.value()) + ">>"
          : "Record<string, " + render(dictionary.value()) + ">";
      case TsType.Nullable nullable -> render(nullable.type()) + " | null";
      case TsType.TypeVariable variable -> variable.name();
      case TsType.Reference reference -> {
        if (reference.arguments().isEmpty()) {
          yield reference.name();
        }
        StringJoiner arguments = new StringJoiner(", ", "<", ">");
        reference.arguments().forEach(argument -> arguments.add(render(argument)));
        yield reference.name() + arguments;
      }
    };
  }

  /** A JS string literal. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  /** A property key: bare when it is an identifier, quoted otherwise ({@code "@type"}). */
  static String propertyKey(String name) {
    return dev.poto.tsgen.mapping.TsNames.isPlainPropertyName(name) ? name : quote(name);
  }
}
