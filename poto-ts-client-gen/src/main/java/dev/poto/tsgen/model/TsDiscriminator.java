package dev.poto.tsgen.model;

import java.util.Objects;

/** The type property a union variant always carries: {@code type: "Circle"}. */
public record TsDiscriminator(String property, String tag) {
  public TsDiscriminator {
    Objects.requireNonNull(property);
    Objects.requireNonNull(tag);
  }
}
