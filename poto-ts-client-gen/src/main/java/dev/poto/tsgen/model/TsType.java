package dev.poto.tsgen.model;

import dev.poto.contract.ScalarKind;
import java.util.List;
import java.util.Objects;

/**
 * A TypeScript type as the generated client sees it. Immutable; built by the mapper, rendered by the
 * emitter. Each variant also knows whether its values need a wire conversion (see {@link TsScalar}).
 */
public sealed interface TsType {

  /**
   * A leaf of one wire {@link ScalarKind}, whose TS form is a built-in type ({@code boolean},
   * {@code number}, {@code string}, {@code Date}, ...): the kind decides both the TS type and the check
   * the client applies to answers (an {@code int} and a {@code long} are both {@code number}).
   */
  record Scalar(ScalarKind kind) implements TsType {
    public Scalar {
      Objects.requireNonNull(kind);
    }

    /** The TS form of {@link #kind()}. */
    public TsScalar scalar() {
      return TsScalar.of(kind);
    }
  }

  /** {@code T[]}. */
  record Array(TsType element) implements TsType {
    public Array {
      Objects.requireNonNull(element);
    }
  }

  /**
   * A JSON object used as a dictionary: {@code Record<string, V>} for keys of a scalar kind (whose
   * string form the client checks), or {@code Partial<Record<K, V>>} when {@code key} is an enum (not
   * every constant need be present).
   */
  record Dictionary(TsType key, TsType value) implements TsType {
    public Dictionary {
      Objects.requireNonNull(key);
      Objects.requireNonNull(value);
    }

    public boolean partial() {
      return key instanceof Reference;
    }
  }

  /** {@code T | null}. */
  record Nullable(TsType type) implements TsType {
    public Nullable {
      Objects.requireNonNull(type);
      if (type instanceof Nullable) {
        throw new IllegalArgumentException("nested nullable");
      }
    }
  }

  /** A named declaration, with type arguments when it is generic: {@code Page<Todo>}. */
  record Reference(String name, List<TsType> arguments) implements TsType {
    public Reference {
      Objects.requireNonNull(name);
      arguments = List.copyOf(arguments);
    }
  }

  /** A type parameter of the enclosing generic declaration: {@code T}. */
  record TypeVariable(String name) implements TsType {
    public TypeVariable {
      Objects.requireNonNull(name);
    }
  }

  static TsType nullable(TsType type) {
    return type instanceof Nullable ? type : new Nullable(type);
  }
}
