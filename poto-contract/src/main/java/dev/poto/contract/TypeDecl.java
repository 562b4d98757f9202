package dev.poto.contract;

import java.util.List;
import java.util.Objects;

/** A named type as it travels: an object with properties, an enum, or a union of tagged objects. */
public sealed interface TypeDecl {

  /** Which way a property travels. */
  enum Access {
    READ_WRITE,
    /** Written by the server only. */
    OUTPUT_ONLY,
    /** Read by the server only. */
    INPUT_ONLY
  }

  /**
   * A property of an object.
   *
   * @param optional whether it may be absent or {@code null}
   */
  record Property(String name, TypeRef type, boolean optional, Access access) {
    public Property {
      Objects.requireNonNull(name);
      Objects.requireNonNull(type);
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

  /** A record or bean: properties in declaration order. */
  record ObjectType(List<String> typeParameters, List<Discriminator> discriminators, List<Property> properties)
      implements TypeDecl {
    public ObjectType {
      typeParameters = List.copyOf(typeParameters);
      discriminators = List.copyOf(discriminators);
      properties = List.copyOf(properties);
    }
  }

  /** An enum: its JSON strings in declaration order. */
  record EnumType(List<String> values) implements TypeDecl {
    public EnumType {
      values = List.copyOf(values);
    }
  }

  /** A tagged variant of a union. */
  record Variant(String tag, String type) {
    public Variant {
      Objects.requireNonNull(tag);
      Objects.requireNonNull(type);
    }
  }

  /** A sealed interface: each variant carries {@code property} with its tag. */
  record UnionType(String property, List<Variant> variants) implements TypeDecl {
    public UnionType {
      Objects.requireNonNull(property);
      variants = List.copyOf(variants);
    }
  }
}
