package dev.poto.processor.model;

import com.palantir.javapoet.ClassName;
import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.processor.types.Annotations;
import dev.poto.processor.types.KnownTypes;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/** Phase 2: turns a validated module into the immutable model the writers read. */
public final class ModelBuilder {
  private final KnownTypes known;

  public ModelBuilder(KnownTypes known) {
    this.known = known;
  }

  /** {@code rpcMethods} must be the module's {@code @Rpc} methods in declaration order, validated. */
  public ModuleModel build(TypeElement module, List<ExecutableElement> rpcMethods) {
    List<RpcMethodModel> methods = new ArrayList<>();
    for (ExecutableElement method : rpcMethods) {
      methods.add(method(module, method, methods.size()));
    }
    return new ModuleModel(
        module,
        ClassName.get(module),
        ModuleNames.route(module),
        ModuleNames.descriptor(module),
        ModuleNames.dispatcher(module),
        ModuleNames.client(module),
        methods);
  }

  private RpcMethodModel method(TypeElement module, ExecutableElement method, int index) {
    List<ParamModel> params = new ArrayList<>();
    for (VariableElement param : method.getParameters()) {
      params.add(
          new ParamModel(param, param.getSimpleName().toString(), param.asType(), isRequired(param)));
    }
    return new RpcMethodModel(
        method,
        method.getSimpleName().toString(),
        index,
        params,
        method.getReturnType(),
        ResultShape.of(method.getReturnType(), known),
        access(module, method),
        method.isVarArgs());
  }

  private static final List<String> OPTIONALS =
      List.of("java.util.Optional", "java.util.OptionalInt", "java.util.OptionalLong", "java.util.OptionalDouble");

  /**
   * Optional (and OptionalInt, OptionalLong, OptionalDouble) and {@code @Nullable} (any annotation of
   * that simple name) parameters may be absent.
   */
  private boolean isRequired(VariableElement param) {
    if (param.asType().getKind().isPrimitive()) {
      return true;
    }
    for (String optional : OPTIONALS) {
      if (known.isExactly(param.asType(), optional)) {
        return false;
      }
    }
    return Stream.concat(
            param.getAnnotationMirrors().stream(), param.asType().getAnnotationMirrors().stream())
        .noneMatch(mirror -> Annotations.hasSimpleName(mirror, "Nullable"));
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
