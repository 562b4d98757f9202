package dev.poto.processor.errors;

import com.palantir.javapoet.ClassName;
import dev.poto.contract.TypeRef;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * A declared error class as every writer sees it.
 *
 * @param element the error class
 * @param className its name in generated code
 * @param code its {@code @RpcError} code
 * @param status its {@code @RpcError} status
 * @param fields the parameters of its public constructor, in order
 */
public record ErrorModel(TypeElement element, ClassName className, String code, int status, List<Field> fields) {
  public ErrorModel {
    fields = List.copyOf(fields);
  }

  /**
   * One field: an extension member of the problem.
   *
   * @param element the constructor parameter
   * @param name its name, also the accessor's and the JSON member's
   * @param type its declared type
   * @param required false when the parameter is {@code @Nullable}
   * @param shape its wire shape
   */
  public record Field(VariableElement element, String name, TypeMirror type, boolean required, TypeRef shape) {}
}
