package dev.poto.tsgen;

import dev.poto.contract.TypeRef;
import java.util.Objects;

/** One {@code @Rpc} parameter: its Java name (the key in the request body) and its wire shape. */
public record TsParamSpec(String name, TypeRef shape) {
  public TsParamSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(shape);
  }
}
