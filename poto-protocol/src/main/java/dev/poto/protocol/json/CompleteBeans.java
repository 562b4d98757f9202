package dev.poto.protocol.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.NullValueProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Beans (classes read through setters and fields) follow the rule records follow: a property Jackson
 * both writes and reads may be absent or {@code null} only when it is marked {@code @Nullable} (any
 * annotation of that simple name, on its field, getter or setter, or their type) or typed
 * {@code Optional}/{@code OptionalInt}/{@code OptionalLong}/{@code OptionalDouble}. Jackson alone leaves
 * an absent property at the constructor's default, which would silently change the value. Properties
 * that only travel one way stay optional, as their TypeScript type says: a setter without getter, and a
 * computed getter without setter or field, whose value is checked and then dropped.
 */
final class CompleteBeans extends BeanDeserializerModifier {
  private static final Object SEEN = new Object(); // the context attribute: the properties read so far

  @Override
  public BeanDeserializerBuilder updateBuilder(
      DeserializationConfig config, BeanDescription description, BeanDeserializerBuilder builder) {
    if (!isUserBean(description.getBeanClass())) {
      return builder;
    }
    List<BeanPropertyDefinition> definitions = description.findProperties();
    List<String> required = new ArrayList<>();
    for (Iterator<SettableBeanProperty> it = builder.getProperties(); it.hasNext(); ) {
      SettableBeanProperty property = it.next();
      BeanPropertyDefinition definition = definitions.stream()
          .filter(d -> d.getName().equals(property.getName())).findFirst().orElse(null);
      if (definition != null && definition.couldSerialize() && !mayBeAbsent(definition, property)) {
        required.add(property.getName());
      }
    }
    for (int i = 0; i < required.size(); i++) {
      SettableBeanProperty property = builder.findProperty(new com.fasterxml.jackson.databind.PropertyName(required.get(i)));
      builder.addOrReplaceProperty(new Required(property, i), true);
    }
    for (BeanPropertyDefinition definition : definitions) {
      if (definition.hasGetter() && !definition.couldDeserialize()
          && builder.findProperty(definition.getFullName()) == null) {
        builder.addProperty(new OutputOnly(definition, config));
      }
    }
    return builder;
  }

  @Override
  public JsonDeserializer<?> modifyDeserializer(
      DeserializationConfig config, BeanDescription description, JsonDeserializer<?> deserializer) {
    if (!isUserBean(description.getBeanClass())
        || !(deserializer instanceof com.fasterxml.jackson.databind.deser.BeanDeserializerBase bean)) {
      return deserializer;
    }
    List<String> required = new ArrayList<>();
    for (Iterator<SettableBeanProperty> it = bean.properties(); it.hasNext(); ) {
      SettableBeanProperty property = it.next();
      if (property instanceof Required r) {
        while (required.size() <= r.index) {
          required.add(null);
        }
        required.set(r.index, property.getName());
      }
    }
    return required.isEmpty() ? deserializer : new Complete(deserializer, List.copyOf(required));
  }

  /** A concrete class of the application that is neither a record nor an enum: Jackson's bean. */
  private static boolean isUserBean(Class<?> type) {
    String name = type.getName();
    return !type.isRecord() && !type.isEnum() && !type.isInterface() && !type.isArray() && !type.isPrimitive()
        && !java.lang.reflect.Modifier.isAbstract(type.getModifiers())
        && !name.startsWith("java.") && !name.startsWith("javax.") && !name.startsWith("com.fasterxml.");
  }

  private static boolean mayBeAbsent(BeanPropertyDefinition definition, SettableBeanProperty property) {
    Class<?> type = property.getType().getRawClass();
    if (type == Optional.class || type == OptionalInt.class || type == OptionalLong.class || type == OptionalDouble.class) {
      return true;
    }
    List<AnnotatedMember> members = new ArrayList<>();
    if (definition.hasField()) members.add(definition.getField());
    if (definition.hasGetter()) members.add(definition.getGetter());
    if (definition.hasSetter()) members.add(definition.getSetter());
    for (AnnotatedMember member : members) {
      JsonProperty declared = member.getAnnotation(JsonProperty.class);
      if (declared != null && declared.isRequired() == OptBoolean.FALSE) {
        return true;
      }
      if (member.getAnnotated() instanceof AnnotatedElement element && hasNullable(element.getAnnotations())) {
        return true;
      }
      AnnotatedType annotatedType = switch (member.getMember()) {
        case Field field -> field.getAnnotatedType();
        case Method method when method.getParameterCount() == 1 -> method.getAnnotatedParameterTypes()[0];
        case Method method -> method.getAnnotatedReturnType();
        default -> null;
      };
      if (annotatedType != null && hasNullable(annotatedType.getAnnotations())) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNullable(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  /** A property that must be present and non-null: notes that it was read, refuses {@code null}. */
  private static final class Required extends SettableBeanProperty.Delegating {
    final int index;

    Required(SettableBeanProperty delegate, int index) {
      super(delegate);
      this.index = index;
    }

    @Override
    protected SettableBeanProperty withDelegate(SettableBeanProperty delegate) {
      return new Required(delegate, index);
    }

    @Override
    public void deserializeAndSet(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
      seen(p, ctxt);
      super.deserializeAndSet(p, ctxt, instance);
    }

    @Override
    public Object deserializeSetAndReturn(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
      seen(p, ctxt);
      return super.deserializeSetAndReturn(p, ctxt, instance);
    }

    private void seen(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL && !getType().isPrimitive()) {
        throw InvalidNullException.from(ctxt, getFullName(), getType());
      }
      if (ctxt.getAttribute(SEEN) instanceof BitSet seen) {
        seen.set(index);
      }
    }
  }

  /**
   * A computed property (a getter with neither setter nor field): the server writes it, so an answer
   * sent back carries it. It is read with its type's rules (a wrong type or a {@code null} it may not
   * hold is refused) and then dropped, since it is derived from the other properties; it may be absent.
   */
  private static final class OutputOnly extends SettableBeanProperty {
    private final transient BeanPropertyDefinition definition;

    OutputOnly(BeanPropertyDefinition definition, DeserializationConfig config) {
      super(definition, definition.getGetter().getType(), null, definition.getGetter().getAllAnnotations());
      this.definition = definition;
    }

    private OutputOnly(OutputOnly source, JsonDeserializer<?> deserializer, NullValueProvider nulls) {
      super(source, deserializer, nulls);
      this.definition = source.definition;
    }

    private OutputOnly(OutputOnly source, PropertyName name) {
      super(source, name);
      this.definition = source.definition;
    }

    @Override
    public SettableBeanProperty withValueDeserializer(JsonDeserializer<?> deserializer) {
      return new OutputOnly(this, deserializer, _nullProvider);
    }

    @Override
    public SettableBeanProperty withName(PropertyName name) {
      return new OutputOnly(this, name);
    }

    @Override
    public SettableBeanProperty withNullProvider(NullValueProvider nulls) {
      return new OutputOnly(this, _valueDeserializer, nulls);
    }

    @Override
    public AnnotatedMember getMember() {
      return definition.getGetter();
    }

    @Override
    public <A extends Annotation> A getAnnotation(Class<A> type) {
      return definition.getGetter().getAnnotation(type);
    }

    @Override
    public void deserializeAndSet(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL && !mayBeAbsent(definition, this)) {
        throw InvalidNullException.from(ctxt, getFullName(), getType());
      }
      deserialize(p, ctxt);
    }

    @Override
    public Object deserializeSetAndReturn(JsonParser p, DeserializationContext ctxt, Object instance) throws IOException {
      deserializeAndSet(p, ctxt, instance);
      return instance;
    }

    @Override
    public void set(Object instance, Object value) {}

    @Override
    public Object setAndReturn(Object instance, Object value) {
      return instance;
    }
  }

  /** The bean's reader, which checks after reading that every required property was there. */
  private static final class Complete extends DelegatingDeserializer {
    private final List<String> required;

    Complete(JsonDeserializer<?> delegate, List<String> required) {
      super(delegate);
      this.required = required;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Complete(delegate, required);
    }

    @Override
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      Object outer = ctxt.getAttribute(SEEN);
      BitSet seen = new BitSet(required.size());
      ctxt.setAttribute(SEEN, seen);
      Object value;
      try {
        value = super.deserialize(p, ctxt);
      } finally {
        ctxt.setAttribute(SEEN, outer);
      }
      int missing = seen.nextClearBit(0);
      if (missing < required.size()) {
        String name = required.get(missing);
        StrictValueException e = StrictValueException.of(p, handledType(), "missing property '" + name
            + "' (only @Nullable and Optional properties may be absent)");
        e.prependPath(value, name);
        throw e;
      }
      return value;
    }
  }
}
