package dev.poto.processor.writer;

import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps the processor's model of the compilation into the contract records. Types need no mapping: the
 * model's shapes and declarations are the contract's {@link TypeRef} and {@link TypeDecl}.
 */
public final class WireToContract {
  private WireToContract() {}

  static ContractModule module(ModuleModel module) {
    String qualified = module.element().getQualifiedName().toString();
    List<ContractMethod> methods = new ArrayList<>();
    for (RpcMethodModel method : module.methods()) {
      List<ContractParam> params = new ArrayList<>();
      for (ParamModel param : method.params()) {
        params.add(new ContractParam(param.name(), param.shape(), param.required()));
      }
      TypeRef shape = method.result().shape();
      ContractResult result = new ContractResult(method.resultKind(), shape);
      ContractAccess access = new ContractAccess(method.access().publicAccess(), method.access().roles());
      List<DeclaredError> errors = method.errors().stream()
          .map(e -> new DeclaredError(e.code(), e.status(), e.element().getQualifiedName().toString()))
          .toList();
      methods.add(new ContractMethod(method.name(), access, params, result, errors));
    }
    return new ContractModule(module.route(), qualified, methods);
  }

  /**
   * A declared error's fields as an object type: they are extension members of its problem, which only
   * the server writes.
   */
  static TypeDecl errorDecl(ErrorModel error) {
    return new TypeDecl.ObjectType(List.of(), List.of(), error.fields().stream()
        .map(f -> new TypeDecl.Property(f.name(), f.shape(), !f.required(), TypeDecl.Access.OUTPUT_ONLY))
        .toList());
  }
}
