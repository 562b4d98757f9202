package dev.poto.contract;

import java.util.List;
import java.util.Objects;

/**
 * The JSON shape of a value at one position (a parameter, a result, a property). Named types are
 * referenced by qualified name and described once in {@link Contract#types()}.
 */
public sealed interface TypeRef {

  /**
   * A leaf value; {@code kind} is one of the scalar names documented in docs/CONTRACT.md ({@code int},
   * {@code string}, {@code instant}, ...), the lower-case name of the wire model's scalar kind.
   */
  record Scalar(String kind) implements TypeRef {
    public Scalar {
      Objects.requireNonNull(kind);
    }
  }

  /** A JSON array of {@code element}. */
  record Sequence(TypeRef element) implements TypeRef {
    public Sequence {
      Objects.requireNonNull(element);
    }
  }

  /** A JSON object used as a dictionary. */
  record Dictionary(TypeRef key, TypeRef value) implements TypeRef {
    public Dictionary {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }
  }

  /** The value or JSON {@code null}. */
  record Nullable(TypeRef type) implements TypeRef {
    public Nullable {
      Objects.requireNonNull(type);
      if (type instanceof Nullable) {
        throw new IllegalArgumentException("nested nullable");
      }
    }
  }

  /** A declared type (object, enum, union), with type arguments when it is generic. */
  record Named(String name, List<TypeRef> arguments) implements TypeRef {
    public Named {
      Objects.requireNonNull(name);
      arguments = List.copyOf(arguments);
    }
  }

  /** A type parameter of the generic declaration this reference is part of. */
  record TypeParameter(String name) implements TypeRef {
    public TypeParameter {
      Objects.requireNonNull(name);
    }
  }

  /** The type without a {@link Nullable} wrapper. */
  default TypeRef nonNull() {
    return this instanceof Nullable(TypeRef inner) ? inner : this;
  }

  default boolean nullable() {
    return this instanceof Nullable;
  }
}
