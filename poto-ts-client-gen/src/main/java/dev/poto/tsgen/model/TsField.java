package dev.poto.tsgen.model;

import java.util.Objects;

/** A property of an interface. {@code optional} fields may be absent ({@code name?: T}). */
public record TsField(String name, TsType type, boolean optional) {
  public TsField {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }
}
