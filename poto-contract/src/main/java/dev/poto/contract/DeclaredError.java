package dev.poto.contract;

import java.util.Objects;

/**
 * A domain error a method declares: answered as problem+json with this {@code code} and {@code status},
 * its fields as extension members.
 *
 * @param code the stable problem code
 * @param status the HTTP status
 * @param type the qualified name of the error type, whose fields are described in the contract's types
 *     as an object type
 */
public record DeclaredError(String code, int status, String type) {
  public DeclaredError {
    Objects.requireNonNull(code);
    Objects.requireNonNull(type);
  }
}
