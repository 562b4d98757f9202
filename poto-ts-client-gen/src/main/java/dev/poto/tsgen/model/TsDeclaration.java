package dev.poto.tsgen.model;

import java.util.List;
import java.util.Objects;

/** A named, exported TypeScript declaration in the shared {@code types.ts}. */
public sealed interface TsDeclaration {

  /** The TS name (the Java simple name). */
  String name();

  /** The Java qualified name it was mapped from, for comments and diagnostics. */
  String javaName();

  /** A record or bean: {@code export interface Name<T> { ... }}. */
  record Interface(
      String name,
      String javaName,
      List<String> typeParameters,
      List<TsDiscriminator> discriminators,
      List<TsField> fields)
      implements TsDeclaration {
    public Interface {
      Objects.requireNonNull(name);
      Objects.requireNonNull(javaName);
      typeParameters = List.copyOf(typeParameters);
      discriminators = List.copyOf(discriminators);
      fields = List.copyOf(fields);
    }
  }

  /** An enum: {@code export type Name = "A" | "B"} plus {@code export const Name_VALUES}. */
  record Enumeration(String name, String javaName, List<String> values) implements TsDeclaration {
    public Enumeration {
      Objects.requireNonNull(name);
      Objects.requireNonNull(javaName);
      values = List.copyOf(values);
    }
  }

  /**
   * A sealed interface: {@code export type Name = A | B}, where each variant interface carries the
   * {@code property: "tag"} discriminator.
   */
  record Union(String name, String javaName, String property, List<TsUnionCase> cases)
      implements TsDeclaration {
    public Union {
      Objects.requireNonNull(name);
      Objects.requireNonNull(javaName);
      Objects.requireNonNull(property);
      cases = List.copyOf(cases);
    }
  }
}
