package dev.poto.tsgen.model;

import java.util.Objects;

/**
 * A property of an interface. {@code optional} fields may be absent ({@code name?: T});
 * {@code outputOnly} ones are written by the server only, so the client never sends them.
 */
public record TsField(String name, TsType type, boolean optional, boolean outputOnly) {
  public TsField {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }
}
