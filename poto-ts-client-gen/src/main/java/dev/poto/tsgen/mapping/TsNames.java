package dev.poto.tsgen.mapping;

import dev.poto.wire.WireDeclaration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
      "CallOptions", "Codec", "PotoClient", "PotoError", "JsonValue", "JsonObject",
      "UploadSource");

  /** Every module of the client runtime is named so ({@code poto-runtime}, {@code poto-client}...). */
  public static final String RUNTIME_FILE_PREFIX = "poto-";

  /** File names the generated client itself uses: a module with such a route gets "-module" appended. */
  private static final Set<String> RESERVED_FILE_NAMES = Set.of("types", "codecs");

  public static boolean isReservedFileName(String route) {
    return RESERVED_FILE_NAMES.contains(route) || route.startsWith(RUNTIME_FILE_PREFIX);
  }

  /**
   * The TS name of every declaration: its simple name when that is unique and free, otherwise prefixed
   * with as many enclosing names (outer classes, then package segments, innermost first) as it takes to
   * tell it apart ({@code a.Item} and {@code b.Item} become {@code a_Item} and {@code b_Item}). Names
   * depend only on the set of declarations, never on the order they were found.
   */
  public static Map<String, String> assign(Collection<? extends WireDeclaration> declarations) {
    Map<String, List<String>> bySimpleName = new TreeMap<>();
    for (WireDeclaration declaration : declarations) {
      bySimpleName.computeIfAbsent(identifier(declaration.simpleName()), k -> new ArrayList<>())
          .add(declaration.qualifiedName());
    }
    Map<String, String> names = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Map.Entry<String, List<String>> group : bySimpleName.entrySet()) {
      List<String> members = group.getValue();
      members.sort(null);
      boolean clash = members.size() > 1 || isReservedTypeName(group.getKey());
      for (int depth = clash ? 1 : 0; ; depth++) {
        Map<String, String> candidates = new LinkedHashMap<>();
        for (String qualified : members) {
          candidates.put(qualified, qualifiedTail(qualified, depth));
        }
        boolean distinct = new HashSet<>(candidates.values()).size() == members.size();
        int used = depth + 1;
        boolean exhausted = candidates.keySet().stream().allMatch(q -> segments(q).size() <= used);
        if ((distinct && candidates.values().stream().noneMatch(TsNames::isReservedTypeName)) || exhausted) {
          for (Map.Entry<String, String> candidate : candidates.entrySet()) {
            String name = candidate.getValue();
            while (isReservedTypeName(name) || !taken.add(name)) {
              name = name + "_";
            }
            names.put(candidate.getKey(), name);
          }
          break;
        }
      }
    }
    return names;
  }

  /** The last {@code depth + 1} segments of a qualified name joined by '_' ('$' becomes '_'). */
  private static String qualifiedTail(String qualified, int depth) {
    List<String> segments = segments(qualified);
    List<String> tail = segments.subList(Math.max(0, segments.size() - 1 - depth), segments.size());
    return identifier(String.join("_", tail));
  }

  private static List<String> segments(String qualified) {
    return Arrays.asList(qualified.split("\\."));
  }

  private static String identifier(String name) {
    return name.replace('$', '_');
  }

  /**
   * Properties every {@code PotoError} already has: JavaScript's {@code Error} ({@code message},
   * {@code name}, {@code stack}, {@code cause}), PotoError's own, and {@code Object.prototype}'s. A
   * declared error's field of such a name would hide it ({@code e.message} must stay the error's text),
   * so the generated client gives the field another name ({@link #errorFieldName}); its wire name stays.
   */
  private static final Set<String> ERROR_PROPERTIES = Set.of(
      "message", "name", "stack", "cause", "status", "code", "requestId", "constructor", "toString",
      "toLocaleString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "__proto__",
      "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__");

  /**
   * The TS property of a declared error's field: its wire name, or for a name of {@link #ERROR_PROPERTIES}
   * that name with '_' appended until it is none of {@code taken} (the error's other fields).
   */
  public static String errorFieldName(String wireName, Set<String> taken) {
    if (!ERROR_PROPERTIES.contains(wireName)) {
      return wireName;
    }
    String name = wireName + "_";
    while (taken.contains(name) || ERROR_PROPERTIES.contains(name)) {
      name = name + "_";
    }
    return name;
  }

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
