package dev.poto.protocol.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.Member;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Record components follow the same rule as parameters: one marked {@code @Nullable} (any annotation
 * of that simple name, on the declaration or its type) or typed {@code Optional} may be absent or
 * {@code null}; any other must be present and non-null. Jackson alone fills an absent component with
 * {@code null} (or 0), which would silently change the value. {@code @JsonProperty(isRequired =
 * OptBoolean.FALSE)} also lets a component be absent or null (for documents whose members are all
 * optional, such as a problem).
 */
final class NullableComponents extends JacksonAnnotationIntrospector {
  @Override
  public Boolean hasRequiredMarker(AnnotatedMember member) {
    Boolean declared = super.hasRequiredMarker(member);
    if (Boolean.TRUE.equals(declared)) {
      return declared;
    }
    AnnotatedParameter component = recordComponent(member);
    if (component != null) {
      return !mayBeAbsent(component);
    }
    return declared;
  }

  @Override
  public JsonSetter.Value findSetterInfo(Annotated annotated) {
    JsonSetter.Value declared = super.findSetterInfo(annotated);
    if (declared.getValueNulls() == Nulls.DEFAULT && annotated instanceof AnnotatedMember member) {
      AnnotatedParameter component = recordComponent(member);
      if (component != null && !component.getRawType().isPrimitive() && !mayBeAbsent(component)) {
        return declared.withValueNulls(Nulls.FAIL);
      }
    }
    return declared;
  }

  /** The member as a parameter of a record's canonical constructor (a component), or null. */
  private static AnnotatedParameter recordComponent(AnnotatedMember member) {
    if (!(member instanceof AnnotatedParameter parameter)) {
      return null;
    }
    Member owner = parameter.getOwner().getMember();
    if (!(owner instanceof Constructor<?> constructor) || !constructor.getDeclaringClass().isRecord()) {
      return null;
    }
    RecordComponent[] components = constructor.getDeclaringClass().getRecordComponents();
    Class<?>[] types = constructor.getParameterTypes();
    if (components.length != types.length) {
      return null;
    }
    for (int i = 0; i < types.length; i++) {
      if (components[i].getType() != types[i]) {
        return null; // not the canonical constructor
      }
    }
    return parameter;
  }

  /** Optional, or marked Nullable on the component, its type, or the constructor parameter it became. */
  private static boolean mayBeAbsent(AnnotatedParameter parameter) {
    JsonProperty property = parameter.getAnnotation(JsonProperty.class);
    if (property != null && property.isRequired() == OptBoolean.FALSE) {
      return true;
    }
    Class<?> type = parameter.getRawType();
    if (type == Optional.class || type == OptionalInt.class || type == OptionalLong.class || type == OptionalDouble.class) {
      return true;
    }
    Constructor<?> constructor = (Constructor<?>) parameter.getOwner().getMember();
    RecordComponent component = constructor.getDeclaringClass().getRecordComponents()[parameter.getIndex()];
    Parameter declared = constructor.getParameters()[parameter.getIndex()];
    return hasNullable(component.getAnnotations()) || hasNullable(component.getAnnotatedType().getAnnotations())
        || hasNullable(declared.getAnnotations()) || hasNullable(declared.getAnnotatedType().getAnnotations());
  }

  private static boolean hasNullable(Annotation[] annotations) {
    for (Annotation annotation : annotations) {
      if (annotation.annotationType().getSimpleName().equals("Nullable")) {
        return true;
      }
    }
    return false;
  }
}
