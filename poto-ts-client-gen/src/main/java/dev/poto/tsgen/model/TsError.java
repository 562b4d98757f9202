package dev.poto.tsgen.model;

import java.util.List;
import java.util.Objects;

/**
 * A declared error as the emitter writes it: an interface extending {@code PotoError} with its literal
 * {@code code} and {@code status} and one readonly property per field (nullable fields are optional on
 * the wire and {@code T | null} in TypeScript). A field's {@code name} is its TS property, its
 * {@code wireName} the problem's member ({@link dev.poto.tsgen.mapping.TsNames#errorFieldName}).
 */
public record TsError(String code, int status, String javaName, String simpleName, List<TsParameter> fields) {
  public TsError {
    Objects.requireNonNull(code);
    Objects.requireNonNull(javaName);
    Objects.requireNonNull(simpleName);
    fields = List.copyOf(fields);
  }
}
