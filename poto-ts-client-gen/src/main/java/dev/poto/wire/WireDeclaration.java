package dev.poto.wire;

import java.util.List;
import java.util.Objects;

/** A named type as Jackson writes and reads it, described once per compilation. */
public sealed interface WireDeclaration {

  /** The Java qualified name, the key of the declaration. */
  String qualifiedName();

  /** The Java simple name (nested types: the innermost name). */
  String simpleName();

  /** The package, empty for the unnamed package. */
  String packageName();

  /** Which way a property travels: Jackson writes it from a getter or field, reads it into a setter or field. */
  enum Access {
    READ_WRITE,
    /** Written by the server (a getter without setter); ignored when a client sends it. */
    OUTPUT_ONLY,
    /** Read by the server (a setter without getter); never written. */
    INPUT_ONLY
  }

  /** A property: its JSON name and shape; {@code optional} when it may be absent or null. */
  record Property(String name, WireShape shape, boolean optional, Access access) {
    public Property {
      Objects.requireNonNull(name);
      Objects.requireNonNull(shape);
      Objects.requireNonNull(access);
    }
  }

  /** The type property a union variant carries: {@code "kind": "circle"}. */
  record Discriminator(String property, String tag) {
    public Discriminator {
      Objects.requireNonNull(property);
      Objects.requireNonNull(tag);
    }
  }

  /** A record or bean: a JSON object with fixed properties. */
  record ObjectType(
      String qualifiedName,
      String simpleName,
      String packageName,
      List<String> typeParameters,
      List<Discriminator> discriminators,
      List<Property> properties)
      implements WireDeclaration {
    public ObjectType {
      Objects.requireNonNull(qualifiedName);
      typeParameters = List.copyOf(typeParameters);
      discriminators = List.copyOf(discriminators);
      properties = List.copyOf(properties);
    }
  }

  /** An enum: one JSON string per constant, in declaration order. */
  record EnumType(String qualifiedName, String simpleName, String packageName, List<String> values)
      implements WireDeclaration {
    public EnumType {
      Objects.requireNonNull(qualifiedName);
      values = List.copyOf(values);
    }
  }

  /** One variant of a union: its tag and the qualified name of its object type. */
  record Variant(String tag, String qualifiedName) {
    public Variant {
      Objects.requireNonNull(tag);
      Objects.requireNonNull(qualifiedName);
    }
  }

  /** A sealed interface whose variants carry a discriminator property. */
  record UnionType(String qualifiedName, String simpleName, String packageName, String property, List<Variant> variants)
      implements WireDeclaration {
    public UnionType {
      Objects.requireNonNull(qualifiedName);
      Objects.requireNonNull(property);
      variants = List.copyOf(variants);
    }
  }
}
