package dev.poto.tsgen;

import java.util.Objects;
import javax.lang.model.element.Element;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Rpc} parameter. {@code nullable} is the processor's verdict from declaration
 * annotations; type-use {@code @Nullable} and {@code Optional<T>} are also detected from {@code type}.
 * {@code element} is where problems are reported (the parameter itself).
 */
public record TsParamSpec(String name, TypeMirror type, boolean nullable, Element element) {
  public TsParamSpec {
    Objects.requireNonNull(name);
    Objects.requireNonNull(type);
  }
}
