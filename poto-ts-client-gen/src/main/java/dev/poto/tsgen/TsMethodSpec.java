package dev.poto.tsgen;

import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import java.util.List;
import java.util.Objects;

/**
 * One {@code @Rpc} method. {@code result} is the value shape for VALUE, the item shape for the stream
 * kinds, and null for VOID, BYTES and INPUT_STREAM. {@code errors} are the declared errors, in {@code throws} order.
 */
public record TsMethodSpec(String name, List<TsParamSpec> params, TypeRef result, ResultKind kind, List<TsErrorSpec> errors) {
  public TsMethodSpec(String name, List<TsParamSpec> params, TypeRef result, ResultKind kind) {
    this(name, params, result, kind, List.of());
  }

  public TsMethodSpec {
    Objects.requireNonNull(name);
    params = List.copyOf(params);
    errors = List.copyOf(errors);
    Objects.requireNonNull(kind);
    if (kind.isJson() != (result != null)) {
      throw new IllegalArgumentException(name + ": " + kind + (result == null ? " needs" : " has no") + " result shape");
    }
  }
}
