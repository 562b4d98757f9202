package dev.poto.tsgen.model;

import dev.poto.protocol.ResultKind;
import java.util.List;
import java.util.Objects;

/**
 * A client method: {@code name} in TypeScript, {@code wireName} in the URL. {@code result} is the value
 * or item type; null for VOID, BYTES, INPUT_STREAM. {@code errors}: the method's declared errors.
 */
public record TsMethod(
    String name, String wireName, List<TsParameter> parameters, TsType result, ResultKind kind, List<TsError> errors) {
  public TsMethod(String name, String wireName, List<TsParameter> parameters, TsType result, ResultKind kind) {
    this(name, wireName, parameters, result, kind, List.of());
  }

  public TsMethod {
    Objects.requireNonNull(name);
    Objects.requireNonNull(wireName);
    parameters = List.copyOf(parameters);
    errors = List.copyOf(errors);
    Objects.requireNonNull(kind);
  }
}
