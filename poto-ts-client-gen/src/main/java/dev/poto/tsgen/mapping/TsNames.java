package dev.poto.tsgen.mapping;

import java.util.Set;

/** Which Java names can stand as TypeScript identifiers, and which clash with TS or the runtime. */
public final class TsNames {
  private TsNames() {}

  /** Words a strict-mode ES module cannot bind as a parameter name. */
  private static final Set<String> RESERVED_WORDS = Set.of(
      "arguments", "await", "break", "case", "catch", "class", "const", "continue", "debugger",
      "default", "delete", "do", "else", "enum", "eval", "export", "extends", "false", "finally", "for",
      "function", "if", "implements", "import", "in", "instanceof", "interface", "let", "new", "null",
      "package", "private", "protected", "public", "return", "static", "super", "switch", "this",
      "throw", "true", "try", "typeof", "var", "void", "while", "with", "yield");

  /**
   * Global types the generated files use, TS's built-in type names, and the runtime's exported names:
   * a user type with one of these names would shadow them.
   */
  private static final Set<String> RESERVED_TYPE_NAMES = Set.of(
      "Array", "AsyncIterable", "BigInt", "Boolean", "Date", "Error", "Exclude", "Extract", "Function",
      "Iterable", "JSON", "Map", "Math", "NonNullable", "Number", "Object", "Omit", "Partial", "Pick",
      "Promise", "PromiseLike", "Readonly", "ReadableStream", "Record", "RegExp", "Required", "ReturnType",
      "Set", "String", "Symbol", "Uint8Array", "AbortSignal", "Headers", "Request", "Response",
      "any", "bigint", "boolean", "never", "number", "object", "string", "symbol", "undefined", "unknown",
      "CallOptions", "Codec", "PotoClient", "PotoError");

  public static boolean isReservedWord(String name) {
    return RESERVED_WORDS.contains(name);
  }

  public static boolean isReservedTypeName(String name) {
    return RESERVED_TYPE_NAMES.contains(name) || RESERVED_WORDS.contains(name) || name.contains("$");
  }

  /** Whether {@code name} can be written unquoted as a property key. */
  public static boolean isPlainPropertyName(String name) {
    if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_' || name.charAt(0) == '$')) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '_' || c == '$')) {
        return false;
      }
    }
    return name.chars().allMatch(c -> c < 128);
  }
}
