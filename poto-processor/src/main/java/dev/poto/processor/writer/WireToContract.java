package dev.poto.processor.writer;

import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.DeclaredError;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.wire.ScalarKind;
import dev.poto.wire.WireDeclaration;
import dev.poto.wire.WireShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maps the processor's model of the compilation (modules with their wire shapes) into the contract records. */
public final class WireToContract {
  private WireToContract() {}

  static ContractModule module(ModuleModel module) {
    String qualified = module.element().getQualifiedName().toString();
    List<ContractMethod> methods = new ArrayList<>();
    for (RpcMethodModel method : module.methods()) {
      List<ContractParam> params = new ArrayList<>();
      for (ParamModel param : method.params()) {
        params.add(new ContractParam(param.name(), type(param.shape()), param.required()));
      }
      WireShape shape = method.result().shape();
      ContractResult result = new ContractResult(method.resultKind(), shape == null ? null : type(shape));
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
        .map(f -> new TypeDecl.Property(f.name(), type(f.shape()), !f.required(), TypeDecl.Access.OUTPUT_ONLY))
        .toList());
  }

  static TypeRef type(WireShape shape) {
    return switch (shape) {
      case WireShape.Scalar(ScalarKind kind) -> new TypeRef.Scalar(scalar(kind));
      case WireShape.Sequence(WireShape element) -> new TypeRef.Sequence(type(element));
      case WireShape.Dictionary(WireShape key, WireShape value) -> new TypeRef.Dictionary(type(key), type(value));
      case WireShape.Nullable(WireShape inner) -> new TypeRef.Nullable(type(inner));
      case WireShape.Named(String name, List<WireShape> arguments) ->
          new TypeRef.Named(name, arguments.stream().map(WireToContract::type).toList());
      case WireShape.TypeParameter(String name) -> new TypeRef.TypeParameter(name);
    };
  }

  /**
   * The scalar's contract name. {@code LONG_EXACT} only changes the TypeScript client's type (bigint):
   * on the wire it is a {@code long}.
   */
  public static String scalar(ScalarKind kind) {
    return (kind == ScalarKind.LONG_EXACT ? ScalarKind.LONG : kind).name().toLowerCase(Locale.ROOT);
  }

  static TypeDecl decl(WireDeclaration declaration) {
    return switch (declaration) {
      case WireDeclaration.ObjectType object -> new TypeDecl.ObjectType(
          object.typeParameters(),
          object.discriminators().stream().map(d -> new TypeDecl.Discriminator(d.property(), d.tag())).toList(),
          object.properties().stream()
              .map(p -> new TypeDecl.Property(p.name(), type(p.shape()), p.optional(), TypeDecl.Access.valueOf(p.access().name())))
              .toList());
      case WireDeclaration.EnumType enumType -> new TypeDecl.EnumType(enumType.values());
      case WireDeclaration.UnionType union -> new TypeDecl.UnionType(union.property(),
          union.variants().stream().map(v -> new TypeDecl.Variant(v.tag(), v.qualifiedName())).toList());
    };
  }
}
