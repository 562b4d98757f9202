package dev.poto.processor.writer;

import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.validation.WireSignatures;
import dev.poto.wire.ScalarKind;
import dev.poto.wire.WireDeclaration;
import dev.poto.wire.WireShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Maps the processor's model of a module and the wire shapes validation built into the contract records. */
public final class WireToContract {
  private final WireSignatures signatures;

  WireToContract(WireSignatures signatures) {
    this.signatures = signatures;
  }

  ContractModule module(ModuleModel module) {
    String qualified = module.element().getQualifiedName().toString();
    List<ContractMethod> methods = new ArrayList<>();
    for (RpcMethodModel method : module.methods()) {
      WireSignatures.MethodShapes shapes = signatures.method(qualified, method.name());
      List<ContractParam> params = new ArrayList<>();
      for (int i = 0; i < method.params().size(); i++) {
        params.add(new ContractParam(method.params().get(i).name(), type(shapes.parameters().get(i)),
            method.params().get(i).required()));
      }
      boolean json = method.resultKind() == dev.poto.protocol.ResultKind.VALUE || method.resultKind().isEventStream();
      ContractResult result = new ContractResult(method.resultKind(), json ? type(shapes.result()) : null);
      ContractAccess access = new ContractAccess(method.access().publicAccess(), method.access().roles());
      methods.add(new ContractMethod(method.name(), access, params, result, List.of()));
    }
    return new ContractModule(module.route(), qualified, methods);
  }

  /** The declarations of the compilation, for {@link ContractTypes#reachable}. */
  Map<String, WireDeclaration> declarations() {
    return signatures.shapes().declarations();
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
