package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.deser.BeanDeserializer;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.CreatorProperty;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a record straight from a parser, without Jackson's per-object bookkeeping (a buffer of creator
 * arguments, a hash lookup per property name, a hash set per object for duplicate keys), where that
 * bookkeeping decides nothing. Built once per type from the very deserializer the mapper would use, so
 * the property names, the constructor call (Blackbird's) and the reading of every value that is not a
 * plain string, integer, boolean or nested record ({@code prop.deserialize}, with its null rule) are
 * Jackson's own.
 *
 * <p><b>Exact or Jackson.</b> This reader only takes the regular case: an object holding every
 * property exactly once, each value a scalar (or a nested record read the same way). Anything else (an
 * absent, unknown or repeated key, a container value, any exception) makes {@link #read} answer
 * {@link #NOT_READ}, and the caller decodes the same bytes with the mapper itself, which accepts or
 * refuses them exactly as always. So every rule of the strict decoding holds by construction: the
 * cases this reader finishes are cases the mapper reads to the same value. Duplicate keys are found by
 * a bit per property, which lets the parser run without its own duplicate detection (no value this
 * reader hands to Jackson has keys of its own: containers are left to the mapper).
 *
 * <p>A type qualifies ({@link #forType} is not null) when the mapper reads it with its standard bean
 * deserializer through the record's canonical constructor, and the record carries no Jackson
 * annotation, mix-in or config override that could change how its object is read. Thread-safe.
 */
public final class DirectRecordReader {
  /** What {@link #read} answers when the value is not the regular case: decode it with the mapper. */
  public static final Object NOT_READ = new Object();

  private static final int MAX_PROPERTIES = Long.SIZE;

  /** Nested records {@link #readBytes} follows before it leaves the value to the mapper. */
  private static final int MAX_BYTES_DEPTH = 32;

  private final ObjectReader reader;
  private final DefaultDeserializationContext contexts;
  private final RecordShape root;
  /** Whether {@link #readBytes} can read the type: every value at every depth is of a kind it reads. */
  private final boolean readsBytes;
  private final int maxStringLength;
  private final int maxBytesDepth;
  /** Record types reachable from the root; their shapes are numbered from 0. */
  private final int shapeCount;

  private DirectRecordReader(ObjectReader reader, DefaultDeserializationContext contexts, RecordShape root,
      int shapeCount) {
    this.reader = reader;
    this.shapeCount = shapeCount;
    this.contexts = contexts;
    this.root = root;
    this.readsBytes = root.readsBytes(new java.util.HashSet<>());
    StreamReadConstraints limits = reader.getFactory().streamReadConstraints();
    this.maxStringLength = limits.getMaxStringLength();
    this.maxBytesDepth = Math.min(MAX_BYTES_DEPTH, limits.getMaxNestingDepth());
  }

  /**
   * The direct reader for {@code reader}'s value type (resolved with {@code mapper}, whose
   * deserialization context it uses), or null when the type does not qualify.
   */
  public static DirectRecordReader forType(ObjectMapper mapper, ObjectReader reader) {
    DeserializationConfig config = reader.getConfig();
    if (config.isEnabled(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES) || config.getActiveView() != null
        || !(mapper.getDeserializationContext() instanceof DefaultDeserializationContext blueprint)) {
      return null;
    }
    try {
      DefaultDeserializationContext probe = blueprint.createDummyInstance(config);
      JavaType type = reader.getValueType();
      if (type == null) {
        return null;
      }
      JsonDeserializer<Object> deserializer = probe.findRootValueDeserializer(type);
      Map<Class<?>, RecordShape> built = new HashMap<>();
      RecordShape shape = RecordShape.of(deserializer, config, built);
      return shape == null ? null : new DirectRecordReader(reader, blueprint, shape, built.size());
    } catch (IOException | RuntimeException e) {
      return null; // the mapper will report what is wrong with the type when it is used
    }
  }

  /**
   * A parser over {@code bytes[offset, offset + length)} set up for {@link #read}: without the parser's
   * own duplicate detection, which this reader does itself.
   */
  public JsonParser createParser(byte[] bytes, int offset, int length) throws IOException {
    return withoutDuplicateDetection(reader.createParser(bytes, offset, length));
  }

  /** {@code parser} set up for {@link #read} (created by this reader's {@code ObjectReader}). */
  public static JsonParser withoutDuplicateDetection(JsonParser parser) {
    return parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** A deserialization context for values read from {@code parser}; one per parser. */
  public DeserializationContext context(JsonParser parser) {
    return contexts.createInstance(reader.getConfig(), parser, reader.getInjectableValues());
  }

  /**
   * Reads the record whose {@code START_OBJECT} is the parser's current token, or answers
   * {@link #NOT_READ} (the parser is then somewhere inside the value and must not be used again).
   */
  public Object read(JsonParser parser, DeserializationContext context) {
    if (parser.currentToken() != JsonToken.START_OBJECT) {
      return NOT_READ;
    }
    try {
      return root.read(parser, context);
    } catch (IOException | RuntimeException e) {
      return NOT_READ; // the mapper reads it again and reports the failure in its own words
    }
  }

  /**
   * Whether {@link #readBytes} reads this type: its values, at every depth, are strings, integers,
   * booleans and records of such values.
   */
  public boolean readsBytes() {
    return readsBytes;
  }

  /** What {@link #readBytes} reuses from value to value; one per thread (e.g. one per stream). */
  public BytesSession bytesSession() {
    return new BytesSession(contexts.createInstance(reader.getConfig(), null, reader.getInjectableValues()),
        new RecordBytes(maxStringLength), shapeCount, maxBytesDepth);
  }

  /**
   * The state one thread reuses for every value {@link #readBytes} reads: a deserialization context,
   * the cursor over the bytes, and one array of constructor arguments per record type and depth (the
   * constructor call spreads them into parameters and keeps no reference to the array, and every slot
   * is written before a call, so nothing of one value reaches the next). Not thread-safe.
   */
  public static final class BytesSession {
    private final DeserializationContext context;
    private final RecordBytes in;
    private final Object[][] arguments;
    private final int depths;

    private BytesSession(DeserializationContext context, RecordBytes in, int shapes, int maxDepth) {
      this.context = context;
      this.in = in;
      this.depths = maxDepth + 1;
      this.arguments = new Object[shapes * depths][];
    }

    /** The argument array of the record type {@code shape} at nesting {@code depth}. */
    Object[] arguments(RecordShape shape, int depth) {
      int slot = shape.id * depths + depth;
      Object[] values = arguments[slot];
      if (values == null) {
        values = arguments[slot] = new Object[shape.names.length];
      }
      return values;
    }
  }

  /**
   * Reads the record that is the whole JSON text {@code bytes[offset, offset + length)} (blanks around
   * it allowed) straight from the bytes, without a parser, or answers {@link #NOT_READ}: then nothing is
   * decided, and the caller decodes the bytes with the mapper. A value this answers is one the mapper
   * reads to the same value, from bytes that are all well-formed UTF-8 JSON text. Answers NOT_READ
   * for every value when {@link #readsBytes} is false.
   */
  public Object readBytes(byte[] bytes, int offset, int length, BytesSession session) {
    if (!readsBytes) {
      return NOT_READ;
    }
    try {
      RecordBytes in = session.in.reset(bytes, offset, length);
      if (!in.take('{')) {
        return NOT_READ;
      }
      Object value = root.readBytes(in, session, 1, maxBytesDepth);
      return value != NOT_READ && in.skipBlanks() < 0 ? value : NOT_READ;
    } catch (IOException | RuntimeException e) {
      return NOT_READ; // the constructor failed: the mapper calls it again and reports the failure
    }
  }

  /**
   * Decodes one complete JSON text: directly when it is the regular case, otherwise with the mapper
   * (which then also reports what is wrong with it).
   */
  public <T> T readValue(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser parser = createParser(bytes, offset, length)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        Object value = read(parser, context(parser));
        if (value != NOT_READ && parser.nextToken() == null) {
          @SuppressWarnings("unchecked")
          T read = (T) value;
          return read;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the mapper reads it again below and reports the failure in its own words
    }
    return reader.readValue(bytes, offset, length);
  }

  /** How one property's value is read. */
  private enum Kind { STRING, INT, LONG, BOOLEAN, RECORD, JACKSON }

  /** One record type: its properties in creator order and the constructor Jackson calls. */
  private static final class RecordShape {
    private final ValueInstantiator instantiator;
    /** The canonical constructor, called straight ({@link RecordConstructor}); null to call the instantiator. */
    private java.util.function.Function<Object[], Object> constructor;
    /** This type's number among the shapes of one reader, 0 for the root. */
    private final int id;
    private String[] names;
    /** The names as {@link #readBytes} compares them with the keys' bytes. */
    private RecordBytes.Keys keys;
    private SettableBeanProperty[] properties;
    private Kind[] kinds;
    private RecordShape[] records;
    private long all;

    private RecordShape(ValueInstantiator instantiator, int id) {
      this.instantiator = instantiator;
      this.id = id;
    }

    /** The shape of what {@code deserializer} reads, or null when it is not a plain record. */
    static RecordShape of(JsonDeserializer<?> deserializer, DeserializationConfig config,
        Map<Class<?>, RecordShape> built) {
      if (!(deserializer instanceof BeanDeserializer bean) || !isStandard(bean)) {
        return null;
      }
      Class<?> type = bean.handledType();
      RecordShape known = built.get(type);
      if (known != null) {
        return known;
      }
      ValueInstantiator instantiator = bean.getValueInstantiator();
      if (!type.isRecord() || hasJacksonAnnotations(type) || config.findMixInClassFor(type) != null
          || config.findConfigOverride(type) != null || !instantiator.canCreateFromObjectWith()) {
        return null;
      }
      List<SettableBeanProperty> creator = new ArrayList<>();
      for (Iterator<SettableBeanProperty> it = bean.creatorProperties(); it.hasNext(); ) {
        creator.add(it.next());
      }
      int count = creator.size();
      if (count == 0 || count > MAX_PROPERTIES || count != bean.getPropertyCount()
          || count != type.getRecordComponents().length) {
        return null; // properties set after construction, or not the canonical constructor
      }
      SettableBeanProperty[] properties = new SettableBeanProperty[count];
      for (SettableBeanProperty property : creator) {
        int index = property.getCreatorIndex();
        if (!(property instanceof CreatorProperty) || index < 0 || index >= count || properties[index] != null
            || property.getInjectableValueId() != null) {
          return null;
        }
        properties[index] = property;
      }
      RecordShape shape = new RecordShape(instantiator, built.size());
      built.put(type, shape); // registered before its components: a recursive record reads itself
      shape.names = new String[count];
      shape.properties = properties;
      shape.kinds = new Kind[count];
      shape.records = new RecordShape[count];
      for (int index = 0; index < count; index++) {
        SettableBeanProperty property = properties[index];
        shape.names[index] = property.getName();
        JsonDeserializer<Object> value = property.hasValueTypeDeserializer() ? null : property.getValueDeserializer();
        Class<?> valueType = value == null ? null : value.getClass();
        Kind kind;
        if (valueType == StringDeserializer.class) {
          kind = Kind.STRING;
        } else if (valueType == NumberDeserializers.IntegerDeserializer.class) {
          kind = Kind.INT;
        } else if (valueType == NumberDeserializers.LongDeserializer.class) {
          kind = Kind.LONG;
        } else if (valueType == NumberDeserializers.BooleanDeserializer.class) {
          kind = Kind.BOOLEAN;
        } else if (value != null && property.getType().getRawClass().isRecord()
            && of(value, config, built) instanceof RecordShape nested) {
          kind = Kind.RECORD;
          shape.records[index] = nested;
        } else if (isScalar(property.getType())) {
          kind = Kind.JACKSON;
        } else {
          built.remove(type);
          return null; // an object or array value: every value of this record would go to the mapper
        }
        shape.kinds[index] = kind;
      }
      shape.all = count == Long.SIZE ? -1L : (1L << count) - 1;
      shape.keys = new RecordBytes.Keys(shape.names);
      if (createsWithCanonical(instantiator, type)) {
        shape.constructor = RecordConstructor.of(type);
      }
      return shape;
    }

    /**
     * A type whose JSON is neither an object nor an array: a primitive, an enum, or a concrete
     * {@code java.*} class that is no collection, map or array (a string, number, time, UUID...), or an
     * Optional of one. Conservative: a type this says no to only keeps its record on the mapper.
     */
    private static boolean isScalar(JavaType type) {
      if (type.isReferenceType()) {
        return isScalar(type.getReferencedType());
      }
      Class<?> raw = type.getRawClass();
      if (raw.isPrimitive() || raw.isEnum()) {
        return true;
      }
      return !type.isContainerType() && raw != Object.class && !raw.isInterface() && !raw.isArray()
          && !java.lang.reflect.Modifier.isAbstract(raw.getModifiers()) && raw.getName().startsWith("java.");
    }

    /** Jackson's bean deserializer itself (or Blackbird's, which only speeds up the same steps). */
    private static boolean isStandard(BeanDeserializer bean) {
      Class<?> type = bean.getClass();
      return type == BeanDeserializer.class
          || type.getName().equals("com.fasterxml.jackson.module.blackbird.deser.SuperSonicBeanDeserializer");
    }

    /** Any Jackson annotation on the record, its components, their fields, accessors or constructor parameters. */
    private static boolean hasJacksonAnnotations(Class<?> type) {
      if (hasJackson(type)) {
        return true;
      }
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        RecordComponent component = components[i];
        types[i] = component.getType();
        if (hasJackson(component) || hasJackson(component.getAccessor())) {
          return true;
        }
        try {
          if (hasJackson(type.getDeclaredField(component.getName()))) {
            return true;
          }
        } catch (NoSuchFieldException e) {
          return true;
        }
      }
      try {
        Constructor<?> canonical = type.getDeclaredConstructor(types);
        if (hasJackson(canonical)) {
          return true;
        }
        for (Annotation[] annotations : canonical.getParameterAnnotations()) {
          for (Annotation annotation : annotations) {
            if (isJackson(annotation)) {
              return true;
            }
          }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
          if (hasJackson(constructor)) {
            return true; // another constructor marked @JsonCreator
          }
        }
      } catch (NoSuchMethodException e) {
        return true;
      }
      return false;
    }

    private static boolean hasJackson(AnnotatedElement element) {
      for (Annotation annotation : element.getAnnotations()) {
        if (isJackson(annotation)) {
          return true;
        }
      }
      return false;
    }

    private static boolean isJackson(Annotation annotation) {
      return annotation.annotationType().getName().startsWith("com.fasterxml.jackson.");
    }

    /** No value of a kind only Jackson reads, here or in a nested record ({@code visiting}: a cycle adds none). */
    boolean readsBytes(java.util.Set<RecordShape> visiting) {
      if (!visiting.add(this)) {
        return true;
      }
      for (int index = 0; index < kinds.length; index++) {
        if (kinds[index] == Kind.JACKSON || (kinds[index] == Kind.RECORD && !records[index].readsBytes(visiting))) {
          return false;
        }
      }
      return true;
    }

    /** The record whose {@code '{'} was just taken, at nesting {@code depth}; or NOT_READ. */
    Object readBytes(RecordBytes in, BytesSession session, int depth, int maxDepth) throws IOException {
      Object[] values = session.arguments(this, depth);
      long seen = 0;
      int read = 0;
      int next = in.skipBlanks();
      if (next == '}') {
        return NOT_READ; // no property: some is absent
      }
      while (true) {
        if (next != '"') {
          return NOT_READ;
        }
        int index = in.key(keys, read++);
        if (index < 0 || (seen & (1L << index)) != 0 || !in.take(':')) {
          return NOT_READ; // unknown, repeated or malformed: the mapper says which
        }
        seen |= 1L << index;
        Object value = valueBytes(index, in.skipBlanks(), in, session, depth, maxDepth);
        if (value == NOT_READ) {
          return NOT_READ;
        }
        values[index] = value;
        next = in.skipBlanks();
        if (next == '}') {
          in.at++;
          break;
        }
        if (next != ',') {
          return NOT_READ;
        }
        in.at++;
        next = in.skipBlanks();
      }
      if (seen != all) {
        return NOT_READ; // a property is absent: the mapper knows whether it may be
      }
      return create(session.context, values);
    }

    private Object valueBytes(int index, int first, RecordBytes in, BytesSession session, int depth,
        int maxDepth) throws IOException {
      if (first == 'n') { // Jackson's null rule for the property: refused unless it may be null
        return in.nullLiteral() ? properties[index].getNullValueProvider().getNullValue(session.context) : NOT_READ;
      }
      switch (kinds[index]) {
        case STRING -> {
          if (first == '"') {
            String text = in.string();
            return text == null ? NOT_READ : text;
          }
        }
        case INT -> {
          long value = in.integer();
          if (value != Long.MIN_VALUE && value == (int) value) {
            return (int) value;
          }
        }
        case LONG -> {
          long value = in.integer();
          if (value != Long.MIN_VALUE) {
            return value;
          }
        }
        case BOOLEAN -> {
          Boolean value = in.bool();
          if (value != null) {
            return value;
          }
        }
        case RECORD -> {
          if (first == '{' && depth < maxDepth) {
            in.at++;
            return records[index].readBytes(in, session, depth + 1, maxDepth);
          }
        }
        case JACKSON -> { }
      }
      return NOT_READ; // another kind of value, or one this reader leaves to Jackson
    }

    Object read(JsonParser p, DeserializationContext context) throws IOException {
      Object[] values = new Object[names.length];
      long seen = 0;
      for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
        int index = indexOf(name);
        if (index < 0 || (seen & (1L << index)) != 0) {
          return NOT_READ; // unknown or repeated: the mapper says which
        }
        seen |= 1L << index;
        Object value = value(index, p.nextToken(), p, context);
        if (value == NOT_READ) {
          return NOT_READ;
        }
        values[index] = value;
      }
      if (p.currentToken() != JsonToken.END_OBJECT || seen != all) {
        return NOT_READ; // a property is absent: the mapper knows whether it may be
      }
      return create(context, values);
    }

    /**
     * The record from its arguments, as the mapper's creator makes it; a constructor's failure throws
     * (and the caller hands the value to the mapper, which calls it again and reports it).
     */
    private Object create(DeserializationContext context, Object[] values) throws IOException {
      java.util.function.Function<Object[], Object> straight = constructor;
      return straight != null ? straight.apply(values) : instantiator.createFromObjectWith(context, values);
    }

    /** Whether the mapper's creator for {@code type} is its canonical constructor. */
    private static boolean createsWithCanonical(ValueInstantiator instantiator, Class<?> type) {
      com.fasterxml.jackson.databind.introspect.AnnotatedWithParams creator = instantiator.getWithArgsCreator();
      if (creator == null || !(creator.getAnnotated() instanceof Constructor<?> constructor)
          || constructor.getDeclaringClass() != type) {
        return false;
      }
      RecordComponent[] components = type.getRecordComponents();
      Class<?>[] parameters = constructor.getParameterTypes();
      if (parameters.length != components.length) {
        return false;
      }
      for (int i = 0; i < parameters.length; i++) {
        if (parameters[i] != components[i].getType()) {
          return false;
        }
      }
      return true;
    }

    private Object value(int index, JsonToken token, JsonParser p, DeserializationContext context) throws IOException {
      switch (kinds[index]) {
        case STRING -> {
          if (token == JsonToken.VALUE_STRING) {
            return p.getText();
          }
        }
        case INT -> {
          if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getIntValue(); // out of range: an exception, and the mapper reports it
          }
        }
        case LONG -> {
          if (token == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
          }
        }
        case BOOLEAN -> {
          if (token == JsonToken.VALUE_TRUE) {
            return Boolean.TRUE;
          }
          if (token == JsonToken.VALUE_FALSE) {
            return Boolean.FALSE;
          }
        }
        case RECORD -> {
          if (token == JsonToken.START_OBJECT) {
            return records[index].read(p, context);
          }
        }
        case JACKSON -> { }
      }
      if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
        return NOT_READ; // a value with keys of its own needs the parser's duplicate detection
      }
      return properties[index].deserialize(p, context); // Jackson's reading, null rule included
    }

    /** Names from the parser are interned (its symbol table), so identity usually decides at once. */
    private int indexOf(String name) {
      String[] known = names;
      for (int i = 0; i < known.length; i++) {
        if (known[i] == name) {
          return i;
        }
      }
      for (int i = 0; i < known.length; i++) {
        if (known[i].equals(name)) {
          return i;
        }
      }
      return -1;
    }
  }
}
