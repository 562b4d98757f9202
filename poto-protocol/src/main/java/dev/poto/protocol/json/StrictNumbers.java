package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

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
      if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
        String text = p.getText();
        double value = Double.parseDouble(text);
        checkFinite(p, handledType(), text, Double.isInfinite(value), value == 0, "double");
        return value;
      }
      if (token == JsonToken.VALUE_STRING) {
        return switch (p.getText()) {
          case "NaN" -> Double.NaN;
          case "Infinity" -> Double.POSITIVE_INFINITY;
          case "-Infinity" -> Double.NEGATIVE_INFINITY;
          default -> throw notANumber(p, handledType());
        };
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
      if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
        String text = p.getText();
        float value = Float.parseFloat(text); // directly to float: no double rounding on the way
        checkFinite(p, handledType(), text, Float.isInfinite(value), value == 0, "float");
        return value;
      }
      if (token == JsonToken.VALUE_STRING) {
        return switch (p.getText()) {
          case "NaN" -> Float.NaN;
          case "Infinity" -> Float.POSITIVE_INFINITY;
          case "-Infinity" -> Float.NEGATIVE_INFINITY;
          default -> throw notANumber(p, handledType());
        };
      }
      return super.deserialize(p, ctxt);
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
        if (text.length() - (signed ? 1 : 0) <= Protocol.MAX_NUMBER_DIGITS) {
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

  static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }
}
