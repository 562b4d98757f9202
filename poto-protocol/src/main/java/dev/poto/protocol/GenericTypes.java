package dev.poto.protocol;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The generic types generated descriptors name, built from class literals: {@code generic(List.class,
 * Todo.class)} is {@code List<Todo>}. They are plain {@link java.lang.reflect.Type}s, so each end resolves
 * them once with its own {@code ObjectMapper}'s type factory (its modules and type modifiers) instead of
 * a factory fixed at compile time. Building one costs a small object, no reflection.
 */
public final class GenericTypes {
  private GenericTypes() {}

  /** {@code raw<arguments...>}; {@code raw} must declare exactly that many type parameters. */
  public static ParameterizedType generic(Class<?> raw, Type... arguments) {
    return new Parameterized(raw, arguments.clone());
  }

  /** An array of a generic component type, e.g. {@code List<Todo>[]}; plain arrays are class literals. */
  public static GenericArrayType arrayOf(Type component) {
    return new GenericArray(Objects.requireNonNull(component, "component"));
  }

  /**
   * An element, map value or type argument marked {@code @Nullable} in the source: it may be null. It
   * resolves to {@code type} itself (it is the wildcard {@code ? extends type}, which a type factory reads
   * as its bound); only the check for null elements reads the mark.
   */
  public static WildcardType nullable(Type type) {
    return new NullableElement(Objects.requireNonNull(type, "type"));
  }

  /** Whether {@code type} is a {@link #nullable} mark. */
  public static boolean isNullable(Type type) {
    return type instanceof NullableElement;
  }

  private record NullableElement(Type type) implements WildcardType {
    @Override
    public Type[] getUpperBounds() {
      return new Type[] {type};
    }

    @Override
    public Type[] getLowerBounds() {
      return new Type[0];
    }

    @Override
    public String toString() {
      return getTypeName();
    }

    @Override
    public String getTypeName() {
      return "@Nullable " + type.getTypeName();
    }
  }

  private record Parameterized(Class<?> raw, Type[] arguments) implements ParameterizedType {
    Parameterized {
      Objects.requireNonNull(raw, "raw");
      if (raw.getTypeParameters().length != arguments.length) {
        throw new IllegalArgumentException(raw.getName() + " takes " + raw.getTypeParameters().length
            + " type argument(s), not " + arguments.length);
      }
      for (Type argument : arguments) {
        Objects.requireNonNull(argument, "type argument");
      }
    }

    @Override
    public Type[] getActualTypeArguments() {
      return arguments.clone();
    }

    @Override
    public Type getRawType() {
      return raw;
    }

    @Override
    public Type getOwnerType() {
      return raw.getDeclaringClass();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof ParameterizedType that
          && raw.equals(that.getRawType())
          && Objects.equals(getOwnerType(), that.getOwnerType())
          && Arrays.equals(arguments, that.getActualTypeArguments());
    }

    @Override
    public int hashCode() {
      // The JDK's own ParameterizedType hashes this way, so equal types hash alike across both.
      return Arrays.hashCode(arguments) ^ Objects.hashCode(getOwnerType()) ^ raw.hashCode();
    }

    @Override
    public String toString() {
      return getTypeName();
    }

    @Override
    public String getTypeName() {
      return raw.getTypeName()
          + Arrays.stream(arguments).map(Type::getTypeName).collect(Collectors.joining(", ", "<", ">"));
    }
  }

  private record GenericArray(Type component) implements GenericArrayType {
    @Override
    public Type getGenericComponentType() {
      return component;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof GenericArrayType that && component.equals(that.getGenericComponentType());
    }

    @Override
    public int hashCode() {
      return component.hashCode();
    }

    @Override
    public String toString() {
      return getTypeName();
    }

    @Override
    public String getTypeName() {
      return component.getTypeName() + "[]";
    }
  }
}
