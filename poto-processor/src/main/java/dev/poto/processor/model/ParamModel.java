package dev.poto.processor.model;

import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One parameter of an {@code @Rpc} method.
 *
 * @param element the source parameter (for originating elements and messages)
 * @param name the Java name, which is also the JSON key on the wire
 * @param type the declared type
 * @param required false for {@code @Nullable} (any annotation of that simple name) and Optional parameters
 */
public record ParamModel(VariableElement element, String name, TypeMirror type, boolean required) {}
