package dev.poto.contract;

import java.util.Objects;

/**
 * One parameter: a key of the request body.
 *
 * @param name the JSON key
 * @param type its shape ({@link TypeRef.Nullable} when the value may be {@code null})
 * @param required false when the key may be absent ({@code @Nullable} and Optional parameters)
 */
public record ContractParam(String name, TypeRef type, boolean required) {
  public ContractParam {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }

  /** Whether this parameter is the call's upload ({@link ScalarKind#UPLOAD}), the request body rather than a key of it. */
  public boolean upload() {
    return type instanceof TypeRef.Scalar(ScalarKind kind) && kind == ScalarKind.UPLOAD;
  }
}
