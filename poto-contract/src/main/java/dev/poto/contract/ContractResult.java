package dev.poto.contract;

import dev.poto.protocol.ResultKind;
import java.util.Objects;

/**
 * How a method's result travels.
 *
 * @param kind the result kind (JSON value, nothing, event stream, bytes)
 * @param type the shape of the value or of each stream item; null for {@code VOID}, {@code BYTES} and
 *     {@code INPUT_STREAM}, which carry no JSON
 */
public record ContractResult(ResultKind kind, TypeRef type) {
  public ContractResult {
    Objects.requireNonNull(kind);
    boolean json = kind == ResultKind.VALUE || kind.isEventStream();
    if (json != (type != null)) {
      throw new IllegalArgumentException(kind + (json ? " needs a type" : " carries no JSON type"));
    }
  }
}
