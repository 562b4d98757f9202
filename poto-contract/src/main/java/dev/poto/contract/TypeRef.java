package dev.poto.contract;

import java.util.List;
import java.util.Objects;

/**
 * The JSON shape of a value at one position (a parameter, a result, a property): Poto's one type model.
 * The processor's validation builds it from javac's types ({@code dev.poto.wire.WireShapes}), the
 * contract file writes it, and the TypeScript client and the OpenAPI document are rendered from it.
 * Named types are referenced by qualified name and described once ({@link TypeDecl}).
 */
public sealed interface TypeRef {

  /** A leaf value of one {@link ScalarKind}. */
  record Scalar(ScalarKind kind) implements TypeRef {
    public Scalar {
      Objects.requireNonNull(kind);
    }
  }

  /** A JSON array of {@code element}: Java arrays (except byte[] and char[]), lists, sets and other collections. */
  record Sequence(TypeRef element) implements TypeRef {
    public Sequence {
      Objects.requireNonNull(element);
    }
  }

  /**
   * A JSON object used as a dictionary; {@code key} is a {@link Scalar} whose kind is a
   * {@link ScalarKind#mapKey() map key}, or a {@link Named} enum.
   */
  record Dictionary(TypeRef key, TypeRef value) implements TypeRef {
    public Dictionary {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }
  }

  /** The value or JSON {@code null} (Optional, {@code @Nullable}). */
  record Nullable(TypeRef type) implements TypeRef {
    public Nullable {
      Objects.requireNonNull(type);
      if (type instanceof Nullable) {
        throw new IllegalArgumentException("nested nullable");
      }
    }
  }

  /** A declared type (record, bean, enum, sealed union), with type arguments when it is generic. */
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

  /** {@code type} or null: wrapped in {@link Nullable} unless it already is. */
  static TypeRef orNull(TypeRef type) {
    return type instanceof Nullable ? type : new Nullable(type);
  }

  /** The type without a {@link Nullable} wrapper. */
  default TypeRef nonNull() {
    return this instanceof Nullable(TypeRef inner) ? inner : this;
  }

  default boolean nullable() {
    return this instanceof Nullable;
  }
}
