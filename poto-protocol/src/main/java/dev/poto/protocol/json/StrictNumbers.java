package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.OptionalDouble;

/**
 * Number readers that never change a value: a number out of a type's range is rejected (Jackson
 * would wrap a {@code byte} of 200 to -56 and turn {@code 1e39} for a {@code float} into Infinity), a
 * non-zero number that would round to zero is rejected, and the only strings a floating type accepts
 * are the three Jackson writes for non-finite values. Everything else (strings for integers, floats for
 * integers, booleans) is left to Jackson's coercion rules, which {@code PotoJson} sets to fail.
 */
final class StrictNumbers {
  private StrictNumbers() {}

  static final class ByteReader extends NumberDeserializers.ByteDeserializer {
    ByteReader(Class<Byte> type, Byte nullValue) {
      super(type, nullValue);
    }

    @Override
    public Byte deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        int value = p.getIntValue(); // beyond int: Jackson's own out-of-range error
        if (value < Byte.MIN_VALUE || value > Byte.MAX_VALUE) {
          throw StrictValueException.of(p, handledType(), "the number " + value + " is out of range of byte");
        }
        return (byte) value;
      }
      return super.deserialize(p, ctxt);
    }
  }

  static final class DoubleReader extends NumberDeserializers.DoubleDeserializer {
    DoubleReader(Class<Double> type, Double nullValue) {
      super(type, nullValue);
    }

    @Override
    public Double deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) {
        return readDouble(p, handledType());
      }
      return super.deserialize(p, ctxt);
    }
  }

  static final class FloatReader extends NumberDeserializers.FloatDeserializer {
    FloatReader(Class<Float> type, Float nullValue) {
      super(type, nullValue);
    }

    @Override
    public Float deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_STRING) {
        return readFloat(p, handledType());
      }
      return super.deserialize(p, ctxt);
    }
  }

  /** A double from a number or one of the three non-finite strings (the parser is on a number or string). */
  private static double readDouble(JsonParser p, Class<?> type) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return switch (p.getText()) {
        case "NaN" -> Double.NaN;
        case "Infinity" -> Double.POSITIVE_INFINITY;
        case "-Infinity" -> Double.NEGATIVE_INFINITY;
        default -> throw notANumber(p, type);
      };
    }
    String text = p.getText();
    double value = Double.parseDouble(text);
    checkFinite(p, type, text, Double.isInfinite(value), value == 0, "double");
    return value;
  }

  /**
   * A float from a number or one of the three non-finite strings. A number must be the float as Java
   * writes it ({@link Float#toString}: {@code 0.1}, {@code 1.6777216E7}), in any spelling of that double
   * ({@code 1e-1}, {@code 16777216}): what either client holds after reading the float, so it comes back
   * as it went. A number the float would change ({@code 16777217} becomes 16777216, {@code 123456.789}
   * comes back as 123456.79) is refused, naming the float to send.
   */
  private static float readFloat(JsonParser p, Class<?> type) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return switch (p.getText()) {
        case "NaN" -> Float.NaN;
        case "Infinity" -> Float.POSITIVE_INFINITY;
        case "-Infinity" -> Float.NEGATIVE_INFINITY;
        default -> throw notANumber(p, type);
      };
    }
    String text = p.getText();
    float value = Float.parseFloat(text); // directly to float: no double rounding on the way
    checkFinite(p, type, text, Float.isInfinite(value), value == 0, "float");
    if (!namesFloat(text, value)) {
      throw StrictValueException.of(p, type, "the number " + abbreviate(text) + " is not a float: the nearest float is "
          + value + " (send that, or declare a double)");
    }
    return value;
  }

  /** Whether {@code text} (a JSON number, read as {@code value}) is that float's Java text (see {@link #readFloat}). */
  static boolean namesFloat(String text, float value) {
    return Double.parseDouble(text) == Double.parseDouble(Float.toString(value));
  }

  /** {@code OptionalDouble} with the rules of {@link DoubleReader} (Jackson's own takes 1e400 as Infinity). */
  static final class OptionalDoubleReader extends StdScalarDeserializer<OptionalDouble> {
    OptionalDoubleReader() {
      super(OptionalDouble.class);
    }

    @Override
    public OptionalDouble deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_STRING) {
        throw notANumber(p, OptionalDouble.class);
      }
      return OptionalDouble.of(readDouble(p, OptionalDouble.class));
    }

    @Override
    public OptionalDouble getNullValue(DeserializationContext ctxt) {
      return OptionalDouble.empty();
    }

    @Override
    public Object getAbsentValue(DeserializationContext ctxt) {
      return OptionalDouble.empty();
    }

    @Override
    public Object getEmptyValue(DeserializationContext ctxt) {
      return OptionalDouble.empty();
    }
  }

  /** {@code float[]} with the rules of {@link FloatReader} for every element (Jackson's own wraps 1e39 to Infinity). */
  static final class FloatArrayReader extends StdDeserializer<float[]> {
    FloatArrayReader() {
      super(float[].class);
    }

    @Override
    public float[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        throw StrictValueException.of(p, float[].class, "expected an array of numbers");
      }
      float[] values = new float[8];
      int count = 0;
      for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
        }
        try {
          values[count] = readFloat(p, checkElement(p, token, float[].class));
        } catch (JsonMappingException e) {
          throw JsonMappingException.wrapWithPath(e, values, count);
        }
        count++;
      }
      return Arrays.copyOf(values, count);
    }
  }

  /** {@code double[]} with the rules of {@link DoubleReader} for every element (Jackson's own takes 1e400 as Infinity). */
  static final class DoubleArrayReader extends StdDeserializer<double[]> {
    DoubleArrayReader() {
      super(double[].class);
    }

    @Override
    public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        throw StrictValueException.of(p, double[].class, "expected an array of numbers");
      }
      double[] values = new double[8];
      int count = 0;
      for (JsonToken token = p.nextToken(); token != JsonToken.END_ARRAY; token = p.nextToken()) {
        if (count == values.length) {
          values = Arrays.copyOf(values, count * 2);
        }
        try {
          values[count] = readDouble(p, checkElement(p, token, double[].class));
        } catch (JsonMappingException e) {
          throw JsonMappingException.wrapWithPath(e, values, count);
        }
        count++;
      }
      return Arrays.copyOf(values, count);
    }
  }

  /** The element's type for messages, once the element is known to be a number or a string. */
  private static Class<?> checkElement(JsonParser p, JsonToken token, Class<?> arrayType) throws IOException {
    Class<?> element = arrayType.getComponentType();
    if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_STRING) {
      throw StrictValueException.of(p, element, token == JsonToken.VALUE_NULL ? "null is not a " + element.getName()
          : "expected a number, or one of the strings \"NaN\", \"Infinity\", \"-Infinity\"");
    }
    return element;
  }

  /**
   * {@code byte[]} only as base64 text, the form Poto writes. Jackson also takes an array of numbers,
   * reading 200 as -56.
   */
  static final class BytesReader extends StdDeserializer<byte[]> {
    private final JsonDeserializer<?> base64;

    BytesReader(JsonDeserializer<?> base64) {
      super(byte[].class);
      this.base64 = base64;
    }

    @Override
    public byte[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw StrictValueException.of(p, byte[].class, "expected a base64 string");
      }
      return (byte[]) base64.deserialize(p, ctxt);
    }
  }

  /** A JSON number that is too large becomes infinite, a tiny non-zero one zero: both are rejected. */
  private static void checkFinite(JsonParser p, Class<?> type, String text, boolean infinite, boolean zero,
      String typeName) throws StrictValueException {
    if (infinite) {
      throw StrictValueException.of(p, type, "the number " + abbreviate(text) + " is out of range of " + typeName);
    }
    if (zero && hasNonZeroDigit(text)) {
      throw StrictValueException.of(p, type, "the number " + abbreviate(text) + " is too small for " + typeName
          + " (it would become 0)");
    }
  }

  private static boolean hasNonZeroDigit(String number) {
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c == 'e' || c == 'E') {
        return false;
      }
      if (c >= '1' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static StrictValueException notANumber(JsonParser p, Class<?> type) throws IOException {
    return StrictValueException.of(p, type,
        "expected a number, or one of the strings \"NaN\", \"Infinity\", \"-Infinity\"");
  }

  /** Exact decimals: a string (the form Poto writes) or a JSON number, within {@link Protocol#MAX_NUMBER_DIGITS}. */
  static final class BigDecimalReader extends StdScalarDeserializer<BigDecimal> {
    BigDecimalReader() {
      super(BigDecimal.class);
    }

    @Override
    public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      BigDecimal value;
      if (token == JsonToken.VALUE_STRING) {
        String text = p.getText();
        value = text.length() > Protocol.MAX_NUMBER_DIGITS + 16 ? null : parseDecimal(text);
        if (value == null) {
          throw StrictValueException.of(p, BigDecimal.class, "expected a decimal number in a string, such as \"-12.50\"");
        }
      } else if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
        value = p.getDecimalValue();
      } else {
        throw StrictValueException.of(p, BigDecimal.class, "expected a decimal number in a string, such as \"-12.50\"");
      }
      if (value.precision() > Protocol.MAX_NUMBER_DIGITS || Math.abs((long) value.scale()) > Protocol.MAX_NUMBER_DIGITS) {
        throw StrictValueException.of(p, BigDecimal.class, "the decimal has more than " + Protocol.MAX_NUMBER_DIGITS
            + " digits or an exponent beyond ±" + Protocol.MAX_NUMBER_DIGITS);
      }
      return value;
    }

    private static BigDecimal parseDecimal(String text) {
      if (!isAscii(text)) {
        return null; // BigDecimal would take other scripts' digits ("\u0661" as 1)
      }
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        return null;
      }
    }
  }

  /** Exact integers: a string (the form Poto writes) or a JSON integer, of at most {@link Protocol#MAX_NUMBER_DIGITS} digits. */
  static final class BigIntegerReader extends StdScalarDeserializer<BigInteger> {
    BigIntegerReader() {
      super(BigInteger.class);
    }

    @Override
    public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      JsonToken token = p.currentToken();
      if (token == JsonToken.VALUE_NUMBER_INT) {
        return p.getBigIntegerValue(); // the parser already bounds the number's length
      }
      if (token == JsonToken.VALUE_STRING) {
        String text = p.getText();
        boolean signed = !text.isEmpty() && (text.charAt(0) == '-' || text.charAt(0) == '+');
        if (text.length() - (signed ? 1 : 0) <= Protocol.MAX_NUMBER_DIGITS && isAscii(text)) {
          try {
            return new BigInteger(text);
          } catch (NumberFormatException e) {
            // reported below
          }
        }
      }
      throw StrictValueException.of(p, BigInteger.class, "expected an integer of at most " + Protocol.MAX_NUMBER_DIGITS
          + " digits in a string, such as \"-1234\"");
    }
  }

  /** Java's number parsers take the digits of every script; the wire's are ASCII. */
  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) > 0x7f) {
        return false;
      }
    }
    return true;
  }

  static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
