package dev.poto.tsgen;

import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Rpc} method. {@code resultType} is the value type for VALUE, the element type for
 * STREAM, and ignored for VOID, BYTES and BINARY_STREAM (pass the return type or null).
 * {@code resultNullable} comes from declaration annotations on the method.
 */
public record TsMethodSpec(
    String name,
    Element element,
    List<TsParamSpec> params,
    TypeMirror resultType,
    boolean resultNullable,
    TsResultKind kind) {
  public TsMethodSpec {
    Objects.requireNonNull(name);
    params = List.copyOf(params);
    Objects.requireNonNull(kind);
    if ((kind == TsResultKind.VALUE || kind == TsResultKind.STREAM) && resultType == null) {
      throw new IllegalArgumentException(name + ": " + kind + " needs a result type");
    }
  }
}
