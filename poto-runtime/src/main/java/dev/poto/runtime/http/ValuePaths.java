package dev.poto.runtime.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.json.StrictValueException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Where in an argument decoding failed, as a path a caller can read ({@code note.tags[2]},
 * {@code limits.a}, {@code limits["a b"]}: record properties and map keys alike), and why, in words that name no server class. Everything echoed from the
 * request is made printable and shortened.
 */
final class ValuePaths {
  private static final int MAX_PATH_LENGTH = 200;

  private ValuePaths() {}

  /** The path of a mapping failure inside the argument {@code argument}. */
  static String of(String argument, JsonMappingException e) {
    if (e.getPath().isEmpty()) {
      return at(e, argument);
    }
    StringBuilder path = new StringBuilder(printable(argument));
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        appendKey(path, ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return shorten(path);
  }

  /** The path where the parser stood when {@code e} was raised; {@code fallback} if unknown. */
  static String at(JsonProcessingException e, String fallback) {
    String path = e.getProcessor() instanceof JsonParser parser ? parserPath(parser) : "";
    return path.isEmpty() ? printable(fallback) : path;
  }

  /** The path where {@code parser} stands. */
  static String at(JsonParser parser) {
    return parserPath(parser);
  }

  /** " at path" for a syntax error inside the body, or nothing at its top level. */
  static String where(JsonProcessingException e) {
    String path = e.getProcessor() instanceof JsonParser parser ? parserPath(parser) : "";
    return path.isEmpty() ? "" : " at " + path;
  }

  private static String parserPath(JsonParser parser) {
    JsonStreamContext current = parser.getParsingContext();
    if (current != null && parser.currentToken() != null && parser.currentToken().isStructStart()) {
      current = current.getParent(); // the parser has entered the value that failed: name the value itself
    }
    Deque<JsonStreamContext> chain = new ArrayDeque<>();
    for (JsonStreamContext context = current; context != null && !context.inRoot();
        context = context.getParent()) {
      chain.push(context);
    }
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext context : chain) {
      if (context.inArray()) {
        path.append('[').append(Math.max(context.getCurrentIndex(), 0)).append(']');
      } else if (context.getCurrentName() != null) {
        if (path.isEmpty()) {
          path.append(printable(context.getCurrentName()));
        } else {
          appendKey(path, context.getCurrentName());
        }
      }
      if (path.length() > MAX_PATH_LENGTH) {
        break;
      }
    }
    return shorten(path);
  }

  /** {@code .name} for a key that reads as an identifier, {@code ["a key"]} for any other. */
  private static void appendKey(StringBuilder path, String key) {
    if (isIdentifier(key)) {
      path.append('.').append(key);
    } else {
      path.append("[\"").append(printable(key).replace("\\", "\\\\").replace("\"", "\\\"")).append("\"]");
    }
  }

  private static boolean isIdentifier(String key) {
    if (key.isEmpty() || !Character.isJavaIdentifierStart(key.charAt(0)) || key.charAt(0) > 0x7e) {
      return false;
    }
    for (int i = 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c > 0x7e || !Character.isJavaIdentifierPart(c)) {
        return false;
      }
    }
    return true;
  }

  private static String shorten(StringBuilder path) {
    return path.length() > MAX_PATH_LENGTH ? path.substring(0, MAX_PATH_LENGTH) + "…" : path.toString();
  }

  /** Why the value was refused, for the problem detail. */
  static String reason(Throwable e, JavaType declared) {
    if (e instanceof StrictValueException strict) {
      return strict.getOriginalMessage();
    }
    if (e instanceof InvalidNullException) {
      return "must not be null (only @Nullable and Optional values may be)";
    }
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown property";
    }
    if (e instanceof ValueInstantiationException instantiation) {
      return "refused by the constructor of " + describe(instantiation.getType().getRawClass());
    }
    if (e instanceof InputCoercionException coercion) {
      return "the number is out of range of " + describe(coercion.getTargetType());
    }
    if (e instanceof StreamConstraintsException limit) {
      String message = String.valueOf(limit.getMessage());
      if (message.contains("nesting depth")) {
        return "nested deeper than the protocol's limit of " + Protocol.MAX_NESTING_DEPTH + " levels";
      }
      if (message.contains("Number value length") || message.contains("number")) {
        return "a number is longer than the protocol's limit of " + Protocol.MAX_NUMBER_DIGITS + " characters";
      }
      return "beyond a limit of the protocol";
    }
    if (e instanceof MismatchedInputException mismatch) {
      String message = String.valueOf(mismatch.getOriginalMessage());
      String missing = "Missing required creator property '";
      if (message.startsWith(missing)) {
        int end = message.indexOf('\'', missing.length());
        return "missing property '" + printable(message.substring(missing.length(), Math.max(end, missing.length())))
            + "' (only @Nullable and Optional properties may be absent)";
      }
      if (mismatch.getTargetType() != null) {
        return "expected " + describe(mismatch.getTargetType());
      }
    }
    if (e instanceof JsonMappingException && e.getCause() instanceof JsonProcessingException cause) {
      return reason(cause, declared); // a number or a limit failure, wrapped with its path
    }
    return "expected " + (declared == null ? "another value" : describe(declared.getRawClass()));
  }

  static String describe(Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (type.isPrimitive()) {
      return type.getName();
    }
    if (type == String.class || type == Character.class) {
      return type == String.class ? "a string" : "a one-character string";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (Map.class.isAssignableFrom(type)) {
      return "an object";
    }
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      String names = Arrays.toString(Arrays.copyOf(constants, Math.min(constants.length, 10)));
      return "one of " + (constants.length > 10 ? names.replace("]", ", …]") : names);
    }
    if (type.isRecord()) {
      return "an object (" + type.getSimpleName() + ")";
    }
    return type.getSimpleName();
  }

  static String printable(String name) {
    return Printable.of(name);
  }
}
