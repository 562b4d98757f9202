package dev.poto.runtime.stream;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.databind.ser.PropertyWriter;
import com.fasterxml.jackson.databind.ser.std.BeanSerializerBase;
import com.fasterxml.jackson.databind.ser.std.NullSerializer;
import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Writes the JSON of one record type straight into a {@link FrameBuffer}, without a Jackson generator
 * or serializer call per item, byte for byte as the mapper writes it.
 *
 * <p><b>Built once per type, at run time, from Jackson's own serializer</b> for the type (no generated
 * code, no reflection per item): its properties in Jackson's order and with Jackson's names, each read
 * by a method handle on the accessor Jackson uses. Only what can be written exactly is taken: a record
 * whose bean serializer is plain (no type id, object id, filter, any-getter or views) and whose every
 * property is written by Jackson's standard serializer of a primitive, its box, a {@code String}, or
 * such a record, with nulls included. Anything else (an annotation that changes the output, a custom
 * serializer, {@code Optional}, collections, enums, dates) gets no writer, and the items go through
 * Jackson as before.
 *
 * <p><b>Giving up on one value.</b> {@link #write} returns false, having written part of the value,
 * when the value is one this writer does not reproduce: a string holding a surrogate, an object of
 * another class than the declared record, or an accessor that throws. The caller takes the frame
 * back and hands the item to Jackson, which writes it (or fails) as it always did.
 */
final class RecordItemWriter {
  private final Class<?> type;
  private final Property[] properties;

  private RecordItemWriter(Class<?> type, Property[] properties) {
    this.type = type;
    this.properties = properties;
  }

  /** Writes {@code value} (of the declared record type, or null); false when it must go to Jackson. */
  boolean write(Object value, FrameBuffer out) throws IOException {
    if (value == null) {
      JsonText.writeNull(out);
      return true;
    }
    if (value.getClass() != type) {
      return false;
    }
    out.reserve(1);
    out.bytes[out.length++] = '{';
    for (Property property : properties) {
      if (property.kind != Property.INT && property.kind != Property.LONG) {
        out.append(property.name); // numbers write their name with their digits
      }
      // A switch over final classes rather than a virtual call: every branch can be inlined here.
      boolean written = switch (property.kind) {
        case Property.INT -> ((IntValue) property).write(value, out);
        case Property.LONG -> ((LongValue) property).write(value, out);
        case Property.STRING -> ((StringValue) property).write(value, out);
        case Property.BOOLEAN -> ((BooleanValue) property).write(value, out);
        case Property.DOUBLE -> ((DoubleValue) property).write(value, out);
        case Property.BOXED -> ((BoxedValue) property).write(value, out);
        default -> ((Nested) property).write(value, out);
      };
      if (!written) {
        return false;
      }
    }
    out.reserve(1);
    out.bytes[out.length++] = '}';
    return true;
  }

  /**
   * The writer for records of {@code type} as {@code mapper} writes them, or null when any part of
   * the type is not one this class reproduces exactly.
   */
  static RecordItemWriter forType(ObjectMapper mapper, JavaType type, JsonText text) {
    if (text == null) {
      return null;
    }
    try {
      SerializerProvider provider = mapper.getSerializerProviderInstance();
      JsonSerializer<Object> serializer = provider.findTypedValueSerializer(type, true, null);
      return new Planner(provider, text).plan(type.getRawClass(), serializer, new HashSet<>(), 1);
    } catch (Exception | LinkageError e) {
      return null; // the mapper cannot even find a serializer: Jackson reports that itself, per item
    }
  }

  /** Builds the writers of a record and the records it holds. */
  private static final class Planner {
    private static final Map<Class<?>, String> SCALARS = Map.ofEntries(
        Map.entry(int.class, "NumberSerializers$IntegerSerializer"),
        Map.entry(Integer.class, "NumberSerializers$IntegerSerializer"),
        Map.entry(long.class, "NumberSerializers$LongSerializer"),
        Map.entry(Long.class, "NumberSerializers$LongSerializer"),
        Map.entry(short.class, "NumberSerializers$ShortSerializer"),
        Map.entry(Short.class, "NumberSerializers$ShortSerializer"),
        Map.entry(byte.class, "NumberSerializers$IntLikeSerializer"),
        Map.entry(Byte.class, "NumberSerializers$IntLikeSerializer"),
        Map.entry(double.class, "NumberSerializers$DoubleSerializer"),
        Map.entry(Double.class, "NumberSerializers$DoubleSerializer"),
        Map.entry(float.class, "NumberSerializers$FloatSerializer"),
        Map.entry(Float.class, "NumberSerializers$FloatSerializer"),
        Map.entry(boolean.class, "BooleanSerializer"),
        Map.entry(Boolean.class, "BooleanSerializer"),
        Map.entry(String.class, "StringSerializer"));
    private static final String STANDARD = "com.fasterxml.jackson.databind.ser.std.";
    /** The generator refuses to open a level beyond this; deeper types are left to it. */
    private static final int MAX_DEPTH = Protocol.MAX_NESTING_DEPTH - 1;

    private final SerializerProvider provider;
    private final JsonText text;

    Planner(SerializerProvider provider, JsonText text) {
      this.provider = provider;
      this.text = text;
    }

    /** {@code open}: the records being planned around this one (a type that holds itself is refused). */
    RecordItemWriter plan(Class<?> type, JsonSerializer<?> serializer, Set<Class<?>> open, int depth)
        throws ReflectiveOperationException, IOException {
      if (!type.isRecord() || serializer == null || serializer.getClass() != BeanSerializer.class
          || depth > MAX_DEPTH || !open.add(type) || !plainBean((BeanSerializer) serializer)) {
        return null;
      }
      List<Property> properties = new ArrayList<>();
      Iterator<PropertyWriter> writers = ((BeanSerializer) serializer).properties();
      while (writers.hasNext()) {
        if (!(writers.next() instanceof BeanPropertyWriter writer)) {
          return null;
        }
        Property property = property(writer, properties.isEmpty(), open, depth);
        if (property == null) {
          return null;
        }
        properties.add(property);
      }
      open.remove(type);
      return properties.isEmpty() ? null : new RecordItemWriter(type, properties.toArray(Property[]::new));
    }

    private Property property(BeanPropertyWriter writer, boolean first, Set<Class<?>> open, int depth)
        throws ReflectiveOperationException, IOException {
      if (!plainWriter(writer) || !(writer.getMember() instanceof AnnotatedMember member)
          || !(member.getMember() instanceof Method accessor) || accessor.getParameterCount() != 0) {
        return null;
      }
      Class<?> valueType = accessor.getReturnType();
      if (writer.getType().getRawClass() != valueType) {
        return null; // a generic component: the declared and the erased types differ
      }
      FrameBuffer name = new FrameBuffer(null);
      if (!first) {
        name.append(new byte[] {','});
      }
      if (!text.writeString(writer.getName(), name)) {
        return null;
      }
      name.append(new byte[] {':'});
      byte[] nameBytes = java.util.Arrays.copyOf(name.bytes, name.length);
      Accessors read = new Accessors(accessor);
      String expected = SCALARS.get(valueType);
      String actual = writer.getSerializer().getClass().getName();
      if (expected != null) {
        return actual.equals(STANDARD + expected) ? Property.scalar(nameBytes, read, valueType, text) : null;
      }
      RecordItemWriter nested = plan(valueType, writer.getSerializer(), open, depth + 1);
      return nested == null ? null : new Nested(nameBytes, read.function(Function.class, "apply", Object.class), nested);
    }

    /** A bean serializer that writes its properties and nothing else. */
    private static boolean plainBean(BeanSerializer serializer) throws ReflectiveOperationException {
      if (serializer.usesObjectId() || serializer.isUnwrappingSerializer()) {
        return false;
      }
      // (An any-getter is one of the properties, of its own writer class: refused with them.)
      for (String extra : new String[] {"_propertyFilterId", "_typeId", "_objectIdWriter", "_filteredProps"}) {
        if (field(BeanSerializerBase.class, extra).get(serializer) != null) {
          return false;
        }
      }
      return field(BeanSerializerBase.class, "_serializationShape").get(serializer)
          != com.fasterxml.jackson.annotation.JsonFormat.Shape.ARRAY;
    }

    /** A property written always (nulls too), with its one serializer, no type id and no views. */
    private static boolean plainWriter(BeanPropertyWriter writer) throws ReflectiveOperationException {
      Class<?> kind = writer.getClass();
      boolean known = kind == BeanPropertyWriter.class
          || kind.getName().startsWith("com.fasterxml.jackson.module.blackbird.ser.")
          || kind.getName().startsWith("com.fasterxml.jackson.module.afterburner.ser.");
      Object nulls = field(BeanPropertyWriter.class, "_nullSerializer").get(writer);
      return known && writer.hasSerializer() && !writer.willSuppressNulls()
          && (nulls == null || nulls.getClass() == NullSerializer.class)
          && !writer.isUnwrapping() && writer.getTypeSerializer() == null && writer.getViews() == null
          && field(BeanPropertyWriter.class, "_suppressableValue").get(writer) == null;
    }

    private static Field field(Class<?> owner, String name) throws ReflectiveOperationException {
      Field field = owner.getDeclaredField(name);
      field.setAccessible(true);
      return field;
    }
  }

  /** One property: its name (with the comma before it) and how its value is read and written. */
  private abstract static class Property {
    static final int INT = 0;
    static final int LONG = 1;
    static final int STRING = 2;
    static final int BOOLEAN = 3;
    static final int DOUBLE = 4;
    static final int BOXED = 5;
    static final int NESTED = 6;

    final byte[] name;
    final int kind;

    Property(byte[] name, int kind) {
      this.name = name;
      this.kind = kind;
    }

    /** False when the value must go to Jackson (see {@link RecordItemWriter}). */
    abstract boolean write(Object record, FrameBuffer out) throws IOException;

    static Property scalar(byte[] name, Accessors read, Class<?> type, JsonText text) throws ReflectiveOperationException {
      if (type == int.class || type == short.class || type == byte.class) {
        return new IntValue(name, read.function(ToIntFunction.class, "applyAsInt", int.class));
      }
      if (type == long.class) {
        return new LongValue(name, read.function(ToLongFunction.class, "applyAsLong", long.class));
      }
      if (type == boolean.class) {
        return new BooleanValue(name, read.function(Predicate.class, "test", boolean.class));
      }
      if (type == double.class || type == float.class) {
        return new DoubleValue(name, read.function(ToDoubleFunction.class, "applyAsDouble", double.class), type == float.class);
      }
      if (type == String.class) {
        return new StringValue(name, read.function(Function.class, "apply", Object.class), text);
      }
      return new BoxedValue(name, read.function(Function.class, "apply", Object.class)); // Integer, ... Boolean
    }

    /**
     * An accessor threw: the value goes to Jackson, which calls it again and reports the failure its
     * own way; only an error the JVM cannot carry on after is thrown at once.
     */
    static boolean accessorFailed(Throwable failure) {
      if (failure instanceof VirtualMachineError fatal) {
        throw fatal;
      }
      return false;
    }
  }

  /**
   * An accessor as a small functional object: a class spun by {@link LambdaMetafactory} in the record's
   * own package, which the JIT inlines like a direct call, or, when the record's module does not open
   * its package, a method handle behind the same interface.
   */
  private record Accessors(Method accessor) {
    @SuppressWarnings("unchecked")
    <F> F function(Class<F> type, String name, Class<?> returns) throws ReflectiveOperationException {
      Class<?> owner = accessor.getDeclaringClass();
      MethodType erased = MethodType.methodType(returns, Object.class);
      try {
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(owner, MethodHandles.lookup());
        MethodHandle target = lookup.unreflect(accessor);
        return (F) LambdaMetafactory.metafactory(lookup, name, MethodType.methodType(type), erased, target,
                MethodType.methodType(returns, owner))
            .getTarget().invoke();
      } catch (Throwable notSpun) {
        if (notSpun instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        MethodHandle handle = handle().asType(erased);
        return (F) MethodHandleProxies.asInterfaceInstance(type, handle);
      }
    }

    private MethodHandle handle() throws IllegalAccessException {
      try {
        return MethodHandles.lookup().unreflect(accessor);
      } catch (IllegalAccessException e) {
        accessor.setAccessible(true); // throws when the module does not open it: then no direct writer
        return MethodHandles.lookup().unreflect(accessor);
      }
    }
  }

  private static final class IntValue extends Property {
    private final ToIntFunction<Object> getter;

    IntValue(byte[] name, ToIntFunction<Object> getter) {
      super(name, INT);
      this.getter = getter;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      int value;
      try {
        value = getter.applyAsInt(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      JsonText.writeNamedLong(name, value, out);
      return true;
    }
  }

  private static final class LongValue extends Property {
    private final ToLongFunction<Object> getter;

    LongValue(byte[] name, ToLongFunction<Object> getter) {
      super(name, LONG);
      this.getter = getter;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      long value;
      try {
        value = getter.applyAsLong(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      JsonText.writeNamedLong(name, value, out);
      return true;
    }
  }

  private static final class BooleanValue extends Property {
    private final Predicate<Object> getter;

    BooleanValue(byte[] name, Predicate<Object> getter) {
      super(name, BOOLEAN);
      this.getter = getter;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      boolean value;
      try {
        value = getter.test(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      JsonText.writeBoolean(value, out);
      return true;
    }
  }

  private static final class DoubleValue extends Property {
    private final ToDoubleFunction<Object> getter;
    private final boolean isFloat;

    DoubleValue(byte[] name, ToDoubleFunction<Object> getter, boolean isFloat) {
      super(name, DOUBLE);
      this.getter = getter;
      this.isFloat = isFloat;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      double value;
      try {
        value = getter.applyAsDouble(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      if (isFloat) {
        JsonText.writeFloat((float) value, out); // widened exactly on the way, narrowed back exactly
      } else {
        JsonText.writeDouble(value, out);
      }
      return true;
    }
  }

  private static final class StringValue extends Property {
    private final Function<Object, Object> getter;
    private final JsonText text;

    StringValue(byte[] name, Function<Object, Object> getter, JsonText text) {
      super(name, STRING);
      this.getter = getter;
      this.text = text;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      Object value;
      try {
        value = getter.apply(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      if (value == null) {
        JsonText.writeNull(out);
        return true;
      }
      return text.writeString((String) value, out);
    }
  }

  /** A boxed number or boolean: null, or the primitive's text. */
  private static final class BoxedValue extends Property {
    private final Function<Object, Object> getter;

    BoxedValue(byte[] name, Function<Object, Object> getter) {
      super(name, BOXED);
      this.getter = getter;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      Object value;
      try {
        value = getter.apply(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      switch (value) {
        case null -> JsonText.writeNull(out);
        case Integer i -> JsonText.writeInt(i, out);
        case Long l -> JsonText.writeLong(l, out);
        case Short s -> JsonText.writeInt(s, out);
        case Byte b -> JsonText.writeInt(b, out);
        case Double d -> JsonText.writeDouble(d, out);
        case Float f -> JsonText.writeFloat(f, out);
        case Boolean b -> JsonText.writeBoolean(b, out);
        default -> {
          return false;
        }
      }
      return true;
    }
  }

  private static final class Nested extends Property {
    private final Function<Object, Object> getter;
    private final RecordItemWriter writer;

    Nested(byte[] name, Function<Object, Object> getter, RecordItemWriter writer) {
      super(name, NESTED);
      this.getter = getter;
      this.writer = writer;
    }

    @Override
    boolean write(Object record, FrameBuffer out) throws IOException {
      Object value;
      try {
        value = getter.apply(record);
      } catch (Throwable e) {
        return accessorFailed(e);
      }
      return writer.write(value, out);
    }
  }
}
