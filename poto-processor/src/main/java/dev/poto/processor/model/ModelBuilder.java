package dev.poto.processor.model;

import com.palantir.javapoet.ClassName;
import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.processor.validation.ValidatedModule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Phase 2: turns a validated module into the immutable model the writers read. The wire shapes come
 * from validation, which built them (nullability included); names and access are read here.
 */
public final class ModelBuilder {
  private ModelBuilder() {}

  /**
   * {@code rpcMethods} must be the module's {@code @Rpc} methods in declaration order, and
   * {@code validated} what validation read from them ({@link ValidatedModule#isValid() valid}).
   */
  public static ModuleModel build(TypeElement module, List<ExecutableElement> rpcMethods, ValidatedModule validated) {
    if (!validated.isValid() || validated.methods().size() != rpcMethods.size()) {
      throw new IllegalArgumentException("not a valid module: " + module);
    }
    ModuleKind kind = module.getKind().isInterface() ? ModuleKind.API : ModuleKind.CLASS;
    return new ModuleModel(
        module,
        ClassName.get(module),
        ModuleNames.route(module),
        ModuleNames.descriptor(module),
        ModuleNames.dispatcher(module),
        ModuleNames.client(module),
        methods(module, rpcMethods, validated),
        kind,
        module);
  }

  /**
   * A class implementing the {@code @RpcModule} interface {@code api}: the route, the methods and who may
   * call them come from the interface (the contract), the generated dispatcher calls the class.
   * {@code apiMethods} are the interface's {@code @Rpc} methods in declaration order (the order its
   * descriptor numbers them in) and {@code validated} what validation read from them.
   */
  public static ModuleModel buildImplementation(
      TypeElement implementation, TypeElement api, List<ExecutableElement> apiMethods, ValidatedModule validated) {
    if (!validated.isValid() || validated.methods().size() != apiMethods.size()) {
      throw new IllegalArgumentException("not a valid API module: " + api);
    }
    return new ModuleModel(
        implementation,
        ClassName.get(implementation),
        ModuleNames.route(api),
        ModuleNames.descriptor(api),
        ModuleNames.dispatcher(implementation),
        ModuleNames.client(api),
        methods(api, apiMethods, validated),
        ModuleKind.IMPLEMENTATION,
        api);
  }

  private static List<RpcMethodModel> methods(
      TypeElement declaring, List<ExecutableElement> rpcMethods, ValidatedModule validated) {
    List<RpcMethodModel> methods = new ArrayList<>();
    for (ExecutableElement method : rpcMethods) {
      methods.add(method(declaring, method, methods.size(), validated.methods().get(methods.size())));
    }
    return methods;
  }

  private static RpcMethodModel method(
      TypeElement module, ExecutableElement method, int index, ValidatedModule.MethodShapes shapes) {
    List<ParamModel> params = new ArrayList<>();
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      VariableElement param = parameters.get(i);
      params.add(new ParamModel(param, param.getSimpleName().toString(), param.asType(), shapes.parameters().get(i)));
    }
    return new RpcMethodModel(
        method,
        method.getSimpleName().toString(),
        index,
        params,
        method.getReturnType(),
        shapes.result(),
        access(module, method),
        method.isVarArgs(),
        shapes.errors());
  }

  /** The method's own {@code @Public}/{@code @Roles} win; otherwise the class's apply. */
  private static Access access(TypeElement module, ExecutableElement method) {
    Element source = declaresAccess(method) ? method : module;
    Roles roles = source.getAnnotation(Roles.class);
    List<String> names = roles == null ? List.of() : List.copyOf(new LinkedHashSet<>(List.of(roles.value())));
    return new Access(source.getAnnotation(Public.class) != null, names);
  }

  private static boolean declaresAccess(Element element) {
    return element.getAnnotation(Public.class) != null || element.getAnnotation(Roles.class) != null;
  }
}
