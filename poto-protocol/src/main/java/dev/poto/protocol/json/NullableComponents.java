package dev.poto.protocol.json;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.annotation.OptBoolean;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedParameter;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import dev.poto.protocol.GenericTypes;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedArrayType;
import java.lang.reflect.AnnotatedParameterizedType;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Map;
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
 * optional, such as a problem). The elements of a list, set or array and the values of a map held by a
 * record component or a bean property may be null only when their type is marked {@code @Nullable}
 * ({@code List<@Nullable String>}) or is an Optional, at every depth ({@code Map<String,
 * List<@Nullable String>>} allows a null string but not a null list).
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
    if (!(annotated instanceof AnnotatedMember member)) {
      return declared;
    }
    AnnotatedParameter component = recordComponent(member);
    if (declared.getValueNulls() == Nulls.DEFAULT && component != null && !component.getRawType().isPrimitive()
        && !mayBeAbsent(component)) {
      declared = declared.withValueNulls(Nulls.FAIL);
    }
    return declared;
  }

  /**
   * A component or property holding containers gets a reader that checks them at every depth
   * ({@link NullCheckedContainer}); Jackson's one content-null setting per property cannot.
   */
  @Override
  public Object findDeserializer(Annotated annotated) {
    Object declared = super.findDeserializer(annotated);
    if (declared != null || !(annotated instanceof AnnotatedMember member) || !holdsElements(member.getRawType())) {
      return declared;
    }
    AnnotatedParameter component = recordComponent(member);
    if (member instanceof AnnotatedParameter && component == null) {
      return null; // a parameter of another creator: Jackson's defaults
    }
    AnnotatedType type = annotatedType(member, component);
    return type == null ? null : new NullCheckedContainer(marked(type, false));
  }

  /**
   * The declared type as a plain {@link Type} with a {@link GenericTypes#nullable} mark on every element,
   * map value and type argument that may be null, at any depth: the form {@link NullElements} checks.
   */
  static Type marked(AnnotatedType annotated, boolean markable) {
    Type bare = annotated.getType();
    if (annotated instanceof AnnotatedParameterizedType parameterized
        && ((ParameterizedType) bare).getRawType() instanceof Class<?> raw) {
      AnnotatedType[] arguments = parameterized.getAnnotatedActualTypeArguments();
      Type[] marked = new Type[arguments.length];
      for (int i = 0; i < arguments.length; i++) {
        marked[i] = marked(arguments[i], true);
      }
      bare = GenericTypes.generic(raw, marked);
    } else if (annotated instanceof AnnotatedArrayType array) {
      Type component = marked(array.getAnnotatedGenericComponentType(), true);
      bare = component instanceof Class<?> plain ? plain.arrayType() : GenericTypes.arrayOf(component);
    }
    return markable && mayBeNull(annotated) ? GenericTypes.nullable(bare) : bare;
  }

  /** A list, set, map, array of objects or Optional: what may hold null elements, at some depth. */
  private static boolean holdsElements(Class<?> type) {
    return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type == Optional.class
        || type.isArray() && !type.getComponentType().isPrimitive();
  }

  /** The declared type with its type-use annotations: of the component, field, setter or getter. */
  private static AnnotatedType annotatedType(AnnotatedMember member, AnnotatedParameter component) {
    if (component != null) {
      Constructor<?> constructor = (Constructor<?>) component.getOwner().getMember();
      return constructor.getDeclaringClass().getRecordComponents()[component.getIndex()].getAnnotatedType();
    }
    return switch (member.getMember()) {
      case Field field -> field.getAnnotatedType();
      case Method method when method.getParameterCount() == 1 -> method.getAnnotatedParameterTypes()[0];
      case Method method when method.getParameterCount() == 0 -> method.getAnnotatedReturnType();
      default -> null;
    };
  }

  /** Whether a value of this type may be null: marked Nullable, or an Optional. */
  private static boolean mayBeNull(AnnotatedType type) {
    Type raw = type.getType() instanceof ParameterizedType p ? p.getRawType() : type.getType();
    return hasNullable(type.getAnnotations()) || raw == Optional.class || raw == OptionalInt.class
        || raw == OptionalLong.class || raw == OptionalDouble.class;
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
