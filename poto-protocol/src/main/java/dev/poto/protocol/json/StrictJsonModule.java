package dev.poto.protocol.json;

import com.fasterxml.jackson.databind.module.SimpleModule;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The readers of Poto's strict decoding (see docs/PROTOCOL.md, "Value encoding"): numbers that keep
 * their value or fail, {@code java.time} and {@code Date} only from strings ({@code Date} in the
 * proleptic Gregorian calendar, {@link IsoDates}), beans complete. Installed by
 * {@code PotoJson}, together with {@link #nullability()} and the mapper's coercion settings.
 */
public final class StrictJsonModule extends SimpleModule {
  /** The wire's rules, for callers' input and answers. */
  public StrictJsonModule() {
    this(true);
  }

  /**
   * @param completeObjects whether beans need every non-nullable property (as records do through
   *     {@link #nullability()}); false for values the server stored itself and reads back
   */
  public StrictJsonModule(boolean completeObjects) {
    super("PotoStrictJson" + (completeObjects ? "" : "Storage"));
    addDeserializer(byte.class, new StrictNumbers.ByteReader(Byte.TYPE, (byte) 0));
    addDeserializer(Byte.class, new StrictNumbers.ByteReader(Byte.class, null));
    addDeserializer(float.class, new StrictNumbers.FloatReader(Float.TYPE, 0f));
    addDeserializer(Float.class, new StrictNumbers.FloatReader(Float.class, null));
    addDeserializer(double.class, new StrictNumbers.DoubleReader(Double.TYPE, 0d));
    addDeserializer(Double.class, new StrictNumbers.DoubleReader(Double.class, null));
    addDeserializer(float[].class, new StrictNumbers.FloatArrayReader());
    addDeserializer(double[].class, new StrictNumbers.DoubleArrayReader());
    addDeserializer(byte[].class, new StrictNumbers.BytesReader(
        com.fasterxml.jackson.databind.deser.std.PrimitiveArrayDeserializers.forType(Byte.TYPE)));
    addDeserializer(BigDecimal.class, new StrictNumbers.BigDecimalReader());
    addDeserializer(BigInteger.class, new StrictNumbers.BigIntegerReader());
    addDeserializer(java.util.OptionalDouble.class, new StrictNumbers.OptionalDoubleReader());
    addDeserializer(java.util.Date.class, new IsoDates.Reader());
    addSerializer(java.util.Date.class, new IsoDates.Writer());
    addDeserializer(com.fasterxml.jackson.databind.JsonNode.class, ExactJsonTrees.ANY);
    addDeserializer(com.fasterxml.jackson.databind.node.ObjectNode.class, ExactJsonTrees.OBJECTS);
    addDeserializer(com.fasterxml.jackson.databind.node.ArrayNode.class, ExactJsonTrees.ARRAYS);
    setKeyDeserializers(CanonicalKeys.all());
    setDeserializerModifier(completeObjects
        ? new Chained(new Chained(new TextOnlyValues(), new DistinctSets()), new CompleteBeans()) : new TextOnlyValues());
  }

  /** Two modifiers in one (a module has one). */
  private static final class Chained extends com.fasterxml.jackson.databind.deser.BeanDeserializerModifier {
    private final com.fasterxml.jackson.databind.deser.BeanDeserializerModifier first;
    private final com.fasterxml.jackson.databind.deser.BeanDeserializerModifier second;

    Chained(com.fasterxml.jackson.databind.deser.BeanDeserializerModifier first,
        com.fasterxml.jackson.databind.deser.BeanDeserializerModifier second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder updateBuilder(
        com.fasterxml.jackson.databind.DeserializationConfig config, com.fasterxml.jackson.databind.BeanDescription description,
        com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder builder) {
      return second.updateBuilder(config, description, first.updateBuilder(config, description, builder));
    }

    @Override
    public com.fasterxml.jackson.databind.JsonDeserializer<?> modifyCollectionDeserializer(
        com.fasterxml.jackson.databind.DeserializationConfig config, com.fasterxml.jackson.databind.type.CollectionType type,
        com.fasterxml.jackson.databind.BeanDescription description, com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer) {
      return second.modifyCollectionDeserializer(config, type, description,
          first.modifyCollectionDeserializer(config, type, description, deserializer));
    }

    @Override
    public com.fasterxml.jackson.databind.JsonDeserializer<?> modifyDeserializer(
        com.fasterxml.jackson.databind.DeserializationConfig config, com.fasterxml.jackson.databind.BeanDescription description,
        com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer) {
      return second.modifyDeserializer(config, description, first.modifyDeserializer(config, description, deserializer));
    }
  }

  /** The annotation introspector that makes non-nullable record components required. */
  public static com.fasterxml.jackson.databind.AnnotationIntrospector nullability() {
    return new NullableComponents();
  }
}
