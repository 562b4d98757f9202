package dev.poto.protocol;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the method table of a generated descriptor: one line per declared error class, then one per
 * {@code @Rpc} method in declaration order, written like a signature with the result kind in front.
 *
 * <pre>
 * ERROR NoteNotFound(long noteId, String? hint)
 * VALUE Todo add(String title, String? note, int priority)
 * VALUE Map&lt;String, List&lt;Todo&gt;&gt; byOwner(Set&lt;String&gt; owners, long[] ids) throws NoteNotFound
 * VALUE List&lt;String?&gt; names(String?[] seeds)
 * STREAM String? updates()
 * VOID void clear()
 * </pre>
 *
 * <p>A method line's position among the method lines is the method's index. {@code ?} after a
 * parameter's (or error field's) type marks one that may be absent ({@code @Nullable} or
 * {@code Optional}); after a type argument or an array component it marks an element that may be null
 * ({@link GenericTypes#nullable}), and so it does after a stream's item type (an item is an element of
 * the stream). An {@code ERROR} line gives the fields of one of the
 * {@link DeclaredError}s passed next to the table, which bring the code that reads and makes the error;
 * {@code throws} names the errors a method declares. A type is a class named by its simple name
 * ({@link Class#getSimpleName()}), or by its binary name ({@link Class#getName()}) where two of the
 * module's classes share a simple name, with type arguments in {@code <...>} and any number of
 * {@code []}. The classes come as literals next to the table, so the table costs the compiler one
 * string and a handful of class literals instead of an expression per type, and is decoded once, when
 * the descriptor class initialises, without reflection. Primitive types need no literal, and
 * {@code void}, the result of a method that returns nothing, reads as {@code Void.class}.
 *
 * <p>Generated code is always well formed; anything else fails loudly with the line and the reason.
 */
public final class RpcMethodTable {
  private static final Map<String, Class<?>> PRIMITIVES = Map.of(
      "boolean", boolean.class, "byte", byte.class, "short", short.class, "char", char.class,
      "int", int.class, "long", long.class, "float", float.class, "double", double.class);

  private static final String ERROR = "ERROR ";

  private final String module;
  private final Map<String, Class<?>> classes = new HashMap<>();
  private final Map<Class<?>, DeclaredError<?>> undecodedErrors = new HashMap<>();
  private final Map<Class<?>, DeclaredError<?>> errors = new HashMap<>();
  private final Set<String> ambiguous = new HashSet<>();
  private String line;
  private int at;

  private RpcMethodTable(String module, List<DeclaredError<?>> declared, Class<?>[] types) {
    this.module = module;
    for (DeclaredError<?> error : declared) {
      undecodedErrors.put(error.type(), error);
    }
    for (Class<?> type : types) {
      String simple = type.getSimpleName();
      Class<?> earlier = classes.putIfAbsent(simple, type);
      if (earlier != null && !earlier.equals(type)) {
        ambiguous.add(simple);
      }
      classes.put(type.getName(), type);
    }
  }

  /**
   * The methods of {@code module}'s table, index {@code i} on method line {@code i}.
   *
   * @param module the module's route segment
   * @param table the lines, one per method (blank lines are skipped)
   * @param types every class the table names
   */
  public static List<RpcMethod> decode(String module, String table, Class<?>... types) {
    return decode(module, table, List.of(), types);
  }

  /**
   * The methods of {@code module}'s table, whose {@code ERROR} lines give the fields of {@code errors}.
   *
   * @param module the module's route segment
   * @param table the error lines, then one line per method (blank lines are skipped)
   * @param errors the declared errors, one per {@code ERROR} line, without their fields
   * @param types every class the table names
   */
  public static List<RpcMethod> decode(String module, String table, List<DeclaredError<?>> errors, Class<?>... types) {
    RpcMethodTable reader = new RpcMethodTable(module, errors, types);
    List<RpcMethod> methods = new ArrayList<>();
    for (String line : table.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.strip().startsWith(ERROR)) {
        reader.error(line.strip());
      } else {
        methods.add(reader.method(line.strip(), methods.size()));
      }
    }
    if (reader.errors.size() != errors.size()) {
      throw new MalformedTable(module, "", errors.size() + " declared errors but " + reader.errors.size()
          + " ERROR lines");
    }
    return List.copyOf(methods);
  }

  /** {@code ERROR Name(fields)}: the fields of the declared error of that class. */
  private void error(String text) {
    line = text;
    at = ERROR.length();
    try {
      Class<?> type = named(word());
      DeclaredError<?> declared = undecodedErrors.get(type);
      if (declared == null) {
        throw failure("no declared error of " + type.getName() + " next to the table");
      }
      List<RpcParam> fields = parameters();
      end();
      if (errors.putIfAbsent(type, declared.withFields(fields)) != null) {
        throw failure("a second ERROR line for " + type.getName());
      }
    } catch (IllegalArgumentException e) {
      throw e instanceof MalformedTable ? e : new MalformedTable(module, line, e.getMessage());
    }
  }

  private RpcMethod method(String text, int index) {
    line = text;
    at = 0;
    try {
      ResultKind kind = ResultKind.valueOf(word());
      expect(' ');
      Type result = type();
      if (kind.isEventStream() && nullableMark(" ")) {
        result = GenericTypes.nullable(result);
      }
      expect(' ');
      String name = word();
      List<RpcParam> params = parameters();
      List<DeclaredError<?>> declared = new ArrayList<>();
      if (skip(' ')) {
        if (!word().equals("throws")) {
          throw failure("'throws' expected");
        }
        do {
          expect(' ');
          Class<?> type = named(word());
          DeclaredError<?> error = errors.get(type);
          if (error == null) {
            throw failure("no ERROR line for " + type.getName() + " above");
          }
          declared.add(error);
        } while (skip(','));
      }
      end();
      return new RpcMethod(module, name, index, kind, result, params, declared);
    } catch (IllegalArgumentException e) {
      throw e instanceof MalformedTable ? e : new MalformedTable(module, line, e.getMessage());
    }
  }

  /** {@code (Type name, Type? name)}. */
  private List<RpcParam> parameters() {
    expect('(');
    List<RpcParam> params = new ArrayList<>();
    while (peek() != ')') {
      if (!params.isEmpty()) {
        expect(',');
        expect(' ');
      }
      Type type = type();
      boolean required = !skip('?');
      expect(' ');
      params.add(new RpcParam(word(), type, required));
    }
    expect(')');
    return params;
  }

  private void end() {
    if (at != line.length()) {
      throw failure("unexpected text at the end");
    }
  }

  /**
   * {@code Name}, {@code Name<T, U>}, each followed by any number of {@code []}; {@code ?} before a
   * {@code [}, {@code ,} or {@code >} marks the type before it as an element that may be null.
   */
  private Type type() {
    String name = word();
    Type type;
    if (skip('<')) {
      List<Type> arguments = new ArrayList<>();
      do {
        skip(' ');
        Type argument = type();
        arguments.add(nullableMark(",>") ? GenericTypes.nullable(argument) : argument);
      } while (skip(','));
      expect('>');
      type = GenericTypes.generic(named(name), arguments.toArray(Type[]::new));
    } else {
      type = name.equals("void") ? Void.class : PRIMITIVES.containsKey(name) ? PRIMITIVES.get(name) : named(name);
    }
    while (true) {
      Type component = nullableMark("[") ? GenericTypes.nullable(type) : type;
      if (!skip('[')) {
        return type;
      }
      expect(']');
      type = component instanceof Class<?> plain ? plain.arrayType() : GenericTypes.arrayOf(component);
    }
  }

  /** Skips a {@code ?} followed by one of {@code followers}: a nullable element's mark, no parameter's. */
  private boolean nullableMark(String followers) {
    if (at + 1 < line.length() && line.charAt(at) == '?' && followers.indexOf(line.charAt(at + 1)) >= 0) {
      at++;
      return true;
    }
    return false;
  }

  private Class<?> named(String name) {
    if (ambiguous.contains(name)) {
      throw failure(name + " names two classes; the table must use their binary names");
    }
    Class<?> type = classes.get(name);
    if (type == null) {
      throw failure("no class " + name + " among the table's classes");
    }
    return type;
  }

  /** Up to the next delimiter; never empty. */
  private String word() {
    int start = at;
    while (at < line.length() && "<>,()[]? ".indexOf(line.charAt(at)) < 0) {
      at++;
    }
    if (at == start) {
      throw failure("a name is missing");
    }
    return line.substring(start, at);
  }

  private char peek() {
    if (at >= line.length()) {
      throw failure("the line ends early");
    }
    return line.charAt(at);
  }

  private boolean skip(char c) {
    if (at < line.length() && line.charAt(at) == c) {
      at++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!skip(c)) {
      throw failure("'" + c + "' expected");
    }
  }

  private MalformedTable failure(String reason) {
    return new MalformedTable(module, line, reason + " at column " + (at + 1));
  }

  /** A table line that does not decode; generated tables never are. */
  static final class MalformedTable extends IllegalArgumentException {
    MalformedTable(String module, String line, String reason) {
      super("Method table of module " + module + ", line \"" + line + "\": " + reason);
    }
  }
}
