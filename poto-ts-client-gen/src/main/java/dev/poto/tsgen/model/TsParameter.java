package dev.poto.tsgen.model;

import java.util.Objects;

/** A client method parameter; {@code optional} ones may be left out (the server then sees null). */
public record TsParameter(String name, TsType type, boolean optional) {
  public TsParameter {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }
}
