package dev.poto.processor.model;

import dev.poto.processor.errors.ErrorModel;
import dev.poto.protocol.ResultKind;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.type.TypeMirror;

/**
 * One {@code @Rpc} method of a module.
 *
 * @param element the source method
 * @param name the method name, also its route segment
 * @param index position in the module (declaration order), used by the dispatcher's switch
 * @param params the parameters in declaration order
 * @param returnType the declared return type
 * @param result how the result travels, with its (element) value type
 * @param access who may call it
 * @param varArgs whether the source method is variable-arity (the client mirrors it)
 * @param errors the domain errors it declares, in {@code throws} order
 */
public record RpcMethodModel(
    ExecutableElement element,
    String name,
    int index,
    List<ParamModel> params,
    TypeMirror returnType,
    ResultShape result,
    Access access,
    boolean varArgs,
    List<ErrorModel> errors) {

  public RpcMethodModel {
    params = List.copyOf(params);
    errors = List.copyOf(errors);
  }

  public ResultKind resultKind() {
    return result.kind();
  }
}
