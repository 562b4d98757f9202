package dev.poto.wire;

import java.util.List;
import java.util.Objects;

/**
 * The JSON shape of a value at one position (a parameter, a result, a property), independent of any
 * client language. Immutable. Named types are referenced by qualified name and described once in the
 * model's declarations.
 */
public sealed interface WireShape {

  /** A leaf value of one {@link ScalarKind}. */
  record Scalar(ScalarKind kind) implements WireShape {
    public Scalar {
      Objects.requireNonNull(kind);
    }
  }

  /** A JSON array: Java arrays (except byte[] and char[]), lists, sets and other collections. */
  record Sequence(WireShape element) implements WireShape {
    public Sequence {
      Objects.requireNonNull(element);
    }
  }

  /**
   * A JSON object used as a dictionary; {@code key} is a {@link Scalar} whose kind is a
   * {@link ScalarKind#mapKey() map key}, or a {@link Named} enum.
   */
  record Dictionary(WireShape key, WireShape value) implements WireShape {
    public Dictionary {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }
  }

  /** The value or JSON {@code null} (Optional, {@code @Nullable}). */
  record Nullable(WireShape shape) implements WireShape {
    public Nullable {
      Objects.requireNonNull(shape);
      if (shape instanceof Nullable) {
        throw new IllegalArgumentException("nested nullable");
      }
    }
  }

  /** A declared type (record, bean, enum, sealed union), with type arguments when it is generic. */
  record Named(String qualifiedName, List<WireShape> arguments) implements WireShape {
    public Named {
      Objects.requireNonNull(qualifiedName);
      arguments = List.copyOf(arguments);
    }
  }

  /** A type parameter of the generic declaration this shape is part of. */
  record TypeParameter(String name) implements WireShape {
    public TypeParameter {
      Objects.requireNonNull(name);
    }
  }

  static WireShape nullable(WireShape shape) {
    return shape instanceof Nullable ? shape : new Nullable(shape);
  }
}
