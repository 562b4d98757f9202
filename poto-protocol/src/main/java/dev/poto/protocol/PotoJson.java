package dev.poto.protocol;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.poto.protocol.json.StrictJsonModule;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The JSON setup both ends of the wire share, so that what the server writes is exactly what the
 * Java and TypeScript clients expect (see docs/PROTOCOL.md, "Value encoding").
 *
 * <p>Reading is strict: a value is taken exactly as written or rejected, never converted. No string
 * becomes a number or boolean (except "NaN", "Infinity", "-Infinity" for floating types), no number
 * or boolean becomes a string, no fraction is cut to an integer, no number wraps or overflows, keys
 * appear once, records and beans get every non-nullable component or property, and nesting stops at
 * {@link Protocol#MAX_NESTING_DEPTH}.
 */
public final class PotoJson {
  private PotoJson() {}

  /** A new mapper with Poto's wire settings; callers may register more modules on it. */
  public static ObjectMapper newMapper() {
    return build(true);
  }

  private static ObjectMapper build(boolean completeObjects) {
    JsonFactory json = JsonFactory.builder()
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(Protocol.MAX_NESTING_DEPTH)
            .maxNumberLength(Protocol.MAX_NUMBER_DIGITS)
            .build())
        // The generator checks the depth before it opens a level, so one less gives the same limit.
        .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(Protocol.MAX_NESTING_DEPTH - 1).build())
        // One bounded pool of buffers, not Jackson's default of one per thread: every call and stream
        // runs on a virtual thread of its own, and a per-thread pool would leave each open stream's
        // thread holding its own set (~30 KB) for as long as the stream is open.
        .recyclerPool(JsonRecyclerPools.sharedBoundedPool())
        .build();
    JsonMapper mapper = JsonMapper.builder(json)
        .annotationIntrospector(StrictJsonModule.nullability())
        .addModule(new JavaTimeModule())
        .addModule(new Jdk8Module())
        // Generated lambdas instead of reflective calls for record accessors and constructors:
        // measured on the 1,000,000-item stream, where reflection was the largest server cost.
        .addModule(new BlackbirdModule())
        .addModule(new StrictJsonModule(completeObjects))
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        // ZonedDateTime keeps its region ("...+01:00[Europe/Paris]"), not only the offset.
        .enable(SerializationFeature.WRITE_DATES_WITH_ZONE_ID)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .defaultLeniency(false)
        .build();
    // No number or boolean is read as a string, and "" is not read as null or 0 of another type.
    mapper.coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    // Exact decimals travel as strings: a JavaScript number would round them (TS type: string).
    mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    mapper.configOverride(BigInteger.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    return mapper;
  }

  /**
   * The wire mapper, except that record components and bean properties may be absent or null whatever
   * their annotations:
   * for values the server wrote itself and reads back (sessions), which must come back as they were
   * stored, not be held to the rule for callers' input.
   */
  public static ObjectMapper newStorageMapper() {
    ObjectMapper mapper = build(false);
    mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector());
    return mapper;
  }

  /**
   * {@code type} as {@code mapper} itself would build it, so the mapper's modules see the types they
   * handle (Jdk8Module reads {@code OptionalInt} only as its own reference type, which a type built
   * without the module is not).
   */
  public static JavaType resolve(ObjectMapper mapper, JavaType type) {
    TypeFactory types = mapper.getTypeFactory();
    if (type.isArrayType()) {
      return types.constructArrayType(resolve(mapper, type.getContentType()));
    }
    if (type.isPrimitive()) {
      return type;
    }
    int count = type.containedTypeCount();
    if (count == 0) {
      return types.constructType(type.getRawClass());
    }
    JavaType[] arguments = new JavaType[count];
    for (int i = 0; i < count; i++) {
      arguments[i] = resolve(mapper, type.containedType(i));
    }
    return types.constructParametricType(type.getRawClass(), arguments);
  }
}
