package dev.poto.contract.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A small, strict JSON reader and a deterministic writer over plain values: {@code Map<String, Object>}
 * (objects), {@code List<Object>}, {@code String}, {@code Long}, {@code BigDecimal} (other numbers),
 * {@code Boolean} and {@code null}. Written by hand so the contract needs no JSON library on javac's
 * processor path. The writer sorts object keys, indents by two spaces and ends lines with {@code \n} (or,
 * compact, writes no whitespace between tokens), ends the file with one newline, and escapes strings the
 * same way every time.
 */
public final class JsonText {
  /** Deeper documents are refused (a contract is nowhere near this). */
  static final int MAX_DEPTH = 512;
  /** The indentation level that means "no whitespace at all". */
  private static final int COMPACT = -1;

  private final String text;
  private int pos;
  private int depth;

  private JsonText(String text) {
    this.text = text;
  }

  /** Parses one JSON document; duplicate keys, trailing data and anything non-standard are refused. */
  public static Object parse(String text) {
    JsonText reader = new JsonText(text);
    reader.skipSpace();
    Object value = reader.value();
    reader.skipSpace();
    if (reader.pos != text.length()) {
      throw reader.error("unexpected data after the document");
    }
    return value;
  }

  /** Writes {@code value} deterministically, one member per line. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, 0);
    return out.append('\n').toString();
  }

  /**
   * Writes {@code value} deterministically without any whitespace between tokens (the file still ends
   * with one newline): for documents machines read, where the indentation would be most of the bytes.
   */
  public static String writeCompact(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, COMPACT);
    return out.append('\n').toString();
  }

  private Object value() {
    if (pos >= text.length()) {
      throw error("unexpected end of the document");
    }
    char c = text.charAt(pos);
    return switch (c) {
      case '{' -> object();
      case '[' -> array();
      case '"' -> string();
      case 't' -> literal("true", Boolean.TRUE);
      case 'f' -> literal("false", Boolean.FALSE);
      case 'n' -> literal("null", null);
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          yield number();
        }
        throw error("unexpected character '" + c + "'");
      }
    };
  }

  private Map<String, Object> object() {
    enter();
    pos++;
    Map<String, Object> members = new LinkedHashMap<>();
    skipSpace();
    if (peek() == '}') {
      pos++;
      depth--;
      return members;
    }
    while (true) {
      skipSpace();
      if (peek() != '"') {
        throw error("expected a key");
      }
      String key = string();
      skipSpace();
      expect(':');
      skipSpace();
      if (members.containsKey(key)) {
        throw error("duplicate key '" + key + "'");
      }
      members.put(key, value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == '}') {
        depth--;
        return members;
      }
      if (next != ',') {
        throw error("expected ',' or '}'");
      }
    }
  }

  private List<Object> array() {
    enter();
    pos++;
    List<Object> items = new ArrayList<>();
    skipSpace();
    if (peek() == ']') {
      pos++;
      depth--;
      return items;
    }
    while (true) {
      skipSpace();
      items.add(value());
      skipSpace();
      char next = peek();
      pos++;
      if (next == ']') {
        depth--;
        return items;
      }
      if (next != ',') {
        throw error("expected ',' or ']'");
      }
    }
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private String string() {
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c < 0x20) {
        throw error("control character in a string");
      }
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("unterminated string");
      }
      char escape = text.charAt(pos++);
      switch (escape) {
        case '"', '\\', '/' -> out.append(escape);
        case 'b' -> out.append('\b');
        case 'f' -> out.append('\f');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case 'u' -> {
          if (pos + 4 > text.length()) {
            throw error("short \\u escape");
          }
          try {
            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException e) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> throw error("bad escape '\\" + escape + "'");
      }
    }
  }

  private Object number() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String literal = text.substring(start, pos);
    if (!literal.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
      throw error("bad number '" + literal + "'");
    }
    BigDecimal number = new BigDecimal(literal);
    try {
      return literal.matches("-?[0-9]+") ? (Object) number.longValueExact() : number;
    } catch (ArithmeticException e) {
      return number;
    }
  }

  private Object literal(String word, Object value) {
    if (!text.startsWith(word, pos)) {
      throw error("unexpected word");
    }
    pos += word.length();
    return value;
  }

  private char peek() {
    if (pos >= text.length()) {
      throw error("unexpected end of the document");
    }
    return text.charAt(pos);
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private JsonFormatException error(String what) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < Math.min(pos, text.length()); i++) {
      if (text.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new JsonFormatException("Not valid JSON at line " + line + ", column " + column + ": " + what);
  }

  private static void write(StringBuilder out, Object value, int indent) {
    switch (value) {
      case null -> out.append("null");
      case String s -> writeString(out, s);
      case Boolean b -> out.append(b);
      case Long l -> out.append(l);
      case Integer i -> out.append(i);
      case BigDecimal d -> out.append(d.toString());
      case Map<?, ?> map -> {
        if (map.isEmpty()) {
          out.append("{}");
          return;
        }
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> member : sorted(map).entrySet()) {
          separate(out, indent, first);
          first = false;
          writeString(out, (String) member.getKey());
          out.append(indent == COMPACT ? ":" : ": ");
          write(out, member.getValue(), deeper(indent));
        }
        close(out, indent, '}');
      }
      case List<?> list -> {
        if (list.isEmpty()) {
          out.append("[]");
          return;
        }
        out.append('[');
        boolean first = true;
        for (Object item : list) {
          separate(out, indent, first);
          first = false;
          write(out, item, deeper(indent));
        }
        close(out, indent, ']');
      }
      default -> throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /** The members of {@code map} by key; a map sorted by its keys' natural order already is used as it is. */
  private static Map<?, ?> sorted(Map<?, ?> map) {
    if (map instanceof SortedMap<?, ?> sorted && sorted.comparator() == null) {
      return map;
    }
    TreeMap<String, Object> copy = new TreeMap<>();
    map.forEach((k, v) -> copy.put((String) k, v));
    return copy;
  }

  private static int deeper(int indent) {
    return indent == COMPACT ? COMPACT : indent + 1;
  }

  /** Before a member or item: a comma after the first, then (indented) a new line. */
  private static void separate(StringBuilder out, int indent, boolean first) {
    if (!first) {
      out.append(',');
    }
    if (indent != COMPACT) {
      out.append('\n');
      indent(out, indent + 1);
    }
  }

  private static void close(StringBuilder out, int indent, char bracket) {
    if (indent != COMPACT) {
      out.append('\n');
      indent(out, indent);
    }
    out.append(bracket);
  }

  private static void indent(StringBuilder out, int indent) {
    for (int i = 0; i < indent; i++) {
      out.append("  ");
    }
  }

  /** Escapes {@code "}, {@code \}, and control characters; everything else is written as it is. */
  private static void writeString(StringBuilder out, String s) {
    out.append('"');
    if (plain(s)) {
      out.append(s).append('"'); // names and types mostly: nothing to escape, one copy
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !validPair(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Whether {@code s} has no character {@link #writeString} escapes or checks. */
  private static boolean plain(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  /** A surrogate that is half of a well-formed pair is written as is; a lone one is escaped. */
  private static boolean validPair(String s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }
}
