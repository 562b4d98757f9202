package dev.poto.wire;

import dev.poto.contract.TypeDecl;
import java.util.Objects;

/**
 * A named type as Jackson writes and reads it, described once per compilation: its {@link TypeDecl}
 * (the one type model, shared with the contract) and the Java names a client generator names it by.
 *
 * @param qualifiedName the Java qualified name, the key of the declaration
 * @param simpleName the Java simple name (nested types: the innermost name)
 * @param packageName the package, empty for the unnamed package
 */
public record WireDeclaration(String qualifiedName, String simpleName, String packageName, TypeDecl type) {
  public WireDeclaration {
    Objects.requireNonNull(qualifiedName);
    Objects.requireNonNull(simpleName);
    Objects.requireNonNull(packageName);
    Objects.requireNonNull(type);
  }
}
