package dev.poto.tsgen.model;

import java.util.Objects;

/** One variant of a discriminated union: the tag on the wire and the variant's interface name. */
public record TsUnionCase(String tag, String typeName) {
  public TsUnionCase {
    Objects.requireNonNull(tag);
    Objects.requireNonNull(typeName);
  }
}
