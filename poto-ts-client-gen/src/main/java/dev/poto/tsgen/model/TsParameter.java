package dev.poto.tsgen.model;

import java.util.Objects;

/**
 * A client method parameter: {@code name} in TypeScript (a reserved word gets a trailing '_'),
 * {@code wireName} in the request body. {@code optional} ones may be left out (the server sees null).
 */
public record TsParameter(String name, String wireName, TsType type, boolean optional) {
  public TsParameter {
    Objects.requireNonNull(name);
    Objects.requireNonNull(wireName);
    Objects.requireNonNull(type);
  }
}
