package dev.poto.protocol.json;

import com.fasterxml.jackson.databind.module.SimpleModule;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The readers of Poto's strict decoding (see docs/PROTOCOL.md, "Value encoding"): numbers that keep
 * their value or fail, {@code java.time} only from strings. Installed by {@code PotoJson}, together
 * with {@link #nullability()} and the mapper's coercion settings.
 */
public final class StrictJsonModule extends SimpleModule {
  public StrictJsonModule() {
    super("PotoStrictJson");
    addDeserializer(byte.class, new StrictNumbers.ByteReader(Byte.TYPE, (byte) 0));
    addDeserializer(Byte.class, new StrictNumbers.ByteReader(Byte.class, null));
    addDeserializer(float.class, new StrictNumbers.FloatReader(Float.TYPE, 0f));
    addDeserializer(Float.class, new StrictNumbers.FloatReader(Float.class, null));
    addDeserializer(double.class, new StrictNumbers.DoubleReader(Double.TYPE, 0d));
    addDeserializer(Double.class, new StrictNumbers.DoubleReader(Double.class, null));
    addDeserializer(BigDecimal.class, new StrictNumbers.BigDecimalReader());
    addDeserializer(BigInteger.class, new StrictNumbers.BigIntegerReader());
    setDeserializerModifier(new TextOnlyValues());
  }

  /** The annotation introspector that makes non-nullable record components required. */
  public static com.fasterxml.jackson.databind.AnnotationIntrospector nullability() {
    return new NullableComponents();
  }
}
