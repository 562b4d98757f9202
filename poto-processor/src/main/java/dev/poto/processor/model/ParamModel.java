package dev.poto.processor.model;

import dev.poto.contract.TypeRef;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One parameter of an {@code @Rpc} method.
 *
 * @param element the source parameter (for originating elements, annotations and messages)
 * @param name the Java name, which is also the JSON key on the wire
 * @param type the declared type
 * @param shape its JSON shape; {@link TypeRef.Nullable} for {@code @Nullable} (any annotation of that
 *     simple name) and Optional parameters, which may be absent or null
 */
public record ParamModel(VariableElement element, String name, TypeMirror type, TypeRef shape) {

  /** Whether the caller must send a non-null value: read from the shape, the one rule for nullability. */
  public boolean required() {
    return !(shape instanceof TypeRef.Nullable);
  }
}
