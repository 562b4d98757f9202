package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.util.AccessPattern;
import java.io.IOException;
import java.lang.reflect.Type;

/**
 * Reads a record component or bean property that holds containers (lists in maps in arrays ...) with
 * the property's own deserializer, then checks every level against its declared type
 * ({@link NullElements#check}): a null is kept exactly where the type says {@code @Nullable} or
 * Optional, at any depth. Jackson's content-null setting cannot say this: it is one value per property,
 * applied alike to every level. Records and beans inside are checked by their own properties.
 */
final class NullCheckedContainer extends JsonDeserializer<Object> implements ContextualDeserializer {
  private final Type declared;
  private final JavaType type;
  private final BeanProperty property;
  /** Found on first use: resolving it while Jackson builds the enclosing record would recurse for recursive types. */
  private volatile JsonDeserializer<Object> delegate;

  /** @param declared the property's type with {@link dev.poto.protocol.GenericTypes#nullable} marks */
  NullCheckedContainer(Type declared) {
    this(declared, null, null);
  }

  private NullCheckedContainer(Type declared, JavaType type, BeanProperty property) {
    this.declared = declared;
    this.type = type;
    this.property = property;
  }

  @Override
  public JsonDeserializer<?> createContextual(DeserializationContext ctxt, BeanProperty property) {
    return new NullCheckedContainer(declared, property != null ? property.getType() : ctxt.getContextualType(), property);
  }

  private JsonDeserializer<Object> delegate(DeserializationContext ctxt) throws JsonMappingException {
    JsonDeserializer<Object> found = delegate;
    if (found == null) {
      if (type == null) {
        throw new IllegalStateException("used before Jackson contextualized it");
      }
      found = ctxt.findContextualValueDeserializer(type, property);
      delegate = found;
    }
    return found;
  }

  @Override
  public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    return checked(delegate(ctxt).deserialize(p, ctxt));
  }

  @Override
  public Object deserializeWithType(JsonParser p, DeserializationContext ctxt, TypeDeserializer types) throws IOException {
    return checked(delegate(ctxt).deserializeWithType(p, ctxt, types));
  }

  private Object checked(Object value) throws StrictValueException {
    NullElements.check(value, declared);
    return value;
  }

  @Override
  public Object getNullValue(DeserializationContext ctxt) throws JsonMappingException {
    return delegate(ctxt).getNullValue(ctxt);
  }

  @Override
  public Object getAbsentValue(DeserializationContext ctxt) throws JsonMappingException {
    return delegate(ctxt).getAbsentValue(ctxt);
  }

  @Override
  public Object getEmptyValue(DeserializationContext ctxt) throws JsonMappingException {
    return delegate(ctxt).getEmptyValue(ctxt);
  }

  @Override
  public AccessPattern getNullAccessPattern() {
    return AccessPattern.DYNAMIC; // asks getNullValue each time, which asks the delegate
  }

  @Override
  public AccessPattern getEmptyAccessPattern() {
    return AccessPattern.DYNAMIC;
  }

  @Override
  public LogicalType logicalType() {
    if (type == null) {
      return null;
    }
    return type.isArrayType() ? LogicalType.Array
        : type.isCollectionLikeType() ? LogicalType.Collection
        : type.isMapLikeType() ? LogicalType.Map
        : null;
  }

  @Override
  public Boolean supportsUpdate(DeserializationConfig config) {
    return Boolean.FALSE; // a merged value would skip the check
  }
}
