package dev.poto.processor.validation;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.RpcModule;
import dev.poto.contract.TypeRef;
import dev.poto.processor.errors.DeclaredErrors;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.model.ModuleNames;
import dev.poto.processor.model.ResultShape;
import dev.poto.processor.types.Annotations;
import dev.poto.processor.types.KnownTypes;
import dev.poto.protocol.Protocol;
import dev.poto.wire.WireProblem;
import dev.poto.wire.WireShapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeMirror;

/**
 * Phase 1: checks one module class and its {@code @Rpc} methods, collecting every problem into a
 * {@link ValidationReport}. Rules a module must follow:
 *
 * <ul>
 *   <li>it is a class (not an enum, record or annotation): modules are plain classes whose instances
 *       the user registers with the server; or an interface annotated {@code @RpcModule}, an API module
 *       that a class implements (see {@link #validateImplementation});
 *   <li>it is public, as is every class enclosing it, and neither local nor anonymous; abstract
 *       classes are fine (the instance registered is a concrete subclass);
 *   <li>it has no type parameters (nor does an enclosing class, for inner classes);
 *   <li>its route follows {@link Protocol#isValidRoute} (a leading '_' is reserved for Poto);
 *   <li>{@code @Rpc} methods are public, non-static, non-generic, uniquely named with ASCII names,
 *       and have wire-compatible parameter and result types;
 *   <li>{@code @Roles} lists at least one non-blank role and is not combined with {@code @Public};
 *   <li>the domain errors in a method's {@code throws} clause can be expressed ({@link DeclaredErrors}).
 * </ul>
 */
public final class ModuleValidator {
  private static final Pattern METHOD_NAME = Pattern.compile("[A-Za-z0-9_]+");

  private final KnownTypes known;
  private final WireShapes shapes;
  private final DeclaredErrors errors;

  /** Types are checked by building their wire shapes with {@code shapes}: one rule for what may cross. */
  public ModuleValidator(KnownTypes known, WireShapes shapes, DeclaredErrors errors) {
    this.known = known;
    this.shapes = shapes;
    this.errors = errors;
  }

  /**
   * False while a signature still refers to a type javac cannot resolve, perhaps one another
   * processor generates in this round; such modules are retried in the next round.
   */
  public boolean isComplete(List<ExecutableElement> rpcMethods) {
    for (ExecutableElement method : rpcMethods) {
      if (KnownTypes.containsError(method.getReturnType())) {
        return false;
      }
      for (VariableElement param : method.getParameters()) {
        if (KnownTypes.containsError(param.asType())) {
          return false;
        }
      }
      for (TypeMirror thrown : method.getThrownTypes()) {
        if (KnownTypes.containsError(thrown)) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Checks the module and reads the wire shapes of its methods; the shapes are kept only when the
   * module has no error.
   */
  public ValidatedModule validate(TypeElement module, List<ExecutableElement> rpcMethods) {
    ValidationReport report = new ValidationReport();
    boolean api = module.getKind() == ElementKind.INTERFACE;
    if (api && Annotations.find(module, RpcModule.class).isEmpty()) {
      for (ExecutableElement method : rpcMethods) {
        report.error(Messages.interfaceWithoutRpcModule(method.getSimpleName().toString(),
            module.getQualifiedName().toString()), method);
      }
      return new ValidatedModule(report, List.of());
    }
    if (module.getKind() != ElementKind.CLASS && !api) {
      String kind = describeKind(module.getKind());
      for (ExecutableElement method : rpcMethods) {
        report.error(Messages.rpcOutsideClass(method.getSimpleName().toString(), kind), method);
      }
      return new ValidatedModule(report, List.of());
    }
    String moduleName = module.getQualifiedName().toString();
    if (rpcMethods.isEmpty()) {
      return new ValidatedModule(report.warning(Messages.emptyModule(moduleName), module), List.of());
    }
    checkAccessible(module, moduleName, report);
    checkNotGeneric(module, moduleName, report);
    checkRoute(module, moduleName, report);
    checkAccessAnnotations(module, "class " + moduleName, report);
    Map<String, Integer> nameCounts = new HashMap<>();
    rpcMethods.forEach(m -> nameCounts.merge(m.getSimpleName().toString(), 1, Integer::sum));
    List<ValidatedModule.MethodShapes> methods = new ArrayList<>();
    for (ExecutableElement method : rpcMethods) {
      String name = method.getSimpleName().toString();
      if (nameCounts.get(name) > 1) {
        report.error(Messages.overloadedRpc(moduleName, name), method);
      }
      checkMethod(method, name, report);
      ValidatedModule.MethodShapes shapes = readWireTypes(method, name, report);
      List<ErrorModel> declared = errors.check(method, report);
      methods.add(shapes == null ? null : shapes.withErrors(declared));
    }
    // A shape may be missing without an error here when its type was already reported for another module.
    boolean complete = !report.hasErrors() && !methods.contains(null);
    return new ValidatedModule(report, complete ? methods : List.of());
  }

  private void checkMethod(ExecutableElement method, String name, ValidationReport report) {
    if (!method.getModifiers().contains(Modifier.PUBLIC)) {
      report.error(Messages.nonPublicRpc(name), method);
    }
    if (method.getModifiers().contains(Modifier.STATIC)) {
      report.error(Messages.staticRpc(name), method);
    }
    if (!method.getTypeParameters().isEmpty()) {
      report.error(Messages.genericRpc(name), method);
    }
    if (!METHOD_NAME.matcher(name).matches()) {
      report.error(Messages.invalidMethodName(name), method);
    }
    checkAccessAnnotations(method, "method " + name + "()", report);
  }

  /**
   * Builds the wire shapes of the method's parameters and result; every type problem comes from there.
   * Null when one of them has none (the problem is then in the report).
   */
  private ValidatedModule.MethodShapes readWireTypes(ExecutableElement method, String name, ValidationReport report) {
    List<TypeRef> parameters = new ArrayList<>();
    VariableElement firstUpload = null;
    for (VariableElement param : method.getParameters()) {
      TypeMirror type = param.asType();
      if (WireShapes.isUpload(type)) {
        if (firstUpload != null) {
          report.error(Messages.secondUpload(name, firstUpload.getSimpleName().toString(),
              param.getSimpleName().toString()), param);
        }
        firstUpload = firstUpload == null ? param : firstUpload;
      }
      if (known.isSubtypeOf(type, "java.io.InputStream")) {
        report.error(Messages.unsupportedParameterType(param.getSimpleName().toString(), name, type.toString(),
            "InputStream is supported only as a result; take a dev.poto.protocol.Upload for binary uploads"
                + " (streamed, with its media type and file name)."), param);
      } else if (shapes.isStream(type)) {
        report.error(Messages.unsupportedParameterType(param.getSimpleName().toString(), name, type.toString(),
            "streams are supported only as the whole result; take a List<T> to receive a batch."), param);
      } else {
        shapes.parameter(param, method, hasNullable(param)).ifPresent(parameters::add);
      }
    }
    ResultShape.Classified classified = ResultShape.classify(method.getReturnType(), known);
    TypeRef result = resultShape(method, classified);
    boolean failed = false;
    for (WireProblem problem : shapes.takeProblems()) {
      report.error(problem.message(), problem.element());
      failed = true;
    }
    if (failed || parameters.size() != method.getParameters().size() || classified.kind().isJson() != (result != null)) {
      return null;
    }
    return new ValidatedModule.MethodShapes(parameters, classified.withShape(result));
  }

  /** The value (or stream item) shape of the result; null for results that are not JSON, or on error. */
  private TypeRef resultShape(ExecutableElement method, ResultShape.Classified shape) {
    TypeMirror returnType = method.getReturnType();
    if (!shape.kind().isJson()) {
      return null;
    }
    if (shape.kind().isEventStream()) {
      if (KnownTypes.typeArguments(returnType).size() != 1) {
        shapes.reportResult(method, "raw type " + returnType + " leaves the element type unknown; write its type"
            + " arguments, e.g. Stream<String>.", false);
        return null;
      }
      return shapes.result(method, shape.valueType(), false).orElse(null);
    }
    if (shapes.isStream(returnType)) {
      shapes.reportResult(method, "only Stream<T>, Iterator<T> and Flow.Publisher<T> themselves can be streamed;"
          + " for primitive streams return Stream<Integer> (or another boxed type), e.g. via boxed().", false);
      return null;
    }
    return shapes.result(method, returnType, hasNullable(method)).orElse(null);
  }

  private static boolean hasNullable(Element element) {
    return element.getAnnotationMirrors().stream().anyMatch(mirror -> Annotations.hasSimpleName(mirror, "Nullable"));
  }

  /**
   * A class implementing the {@code @RpcModule} interface {@code api}: it must be a public class the
   * dispatcher can call, and it declares nothing of the wire itself (route, methods and access are the
   * interface's). {@code apiMethods} are the interface's {@code @Rpc} methods.
   */
  public ValidationReport validateImplementation(TypeElement implementation, TypeElement api, List<ExecutableElement> apiMethods) {
    ValidationReport report = new ValidationReport();
    String name = implementation.getQualifiedName().toString();
    String apiName = api.getQualifiedName().toString();
    checkAccessible(implementation, name, report);
    checkNotGeneric(implementation, name, report);
    Annotations.find(implementation, RpcModule.class)
        .ifPresent(mirror -> report.error(Messages.routeOnImplementation(name, apiName), implementation, mirror, null));
    checkNoAccessAnnotation(implementation, "class " + name, apiName, report);
    List<String> apiNames = apiMethods.stream().map(m -> m.getSimpleName().toString()).toList();
    for (ExecutableElement method : javax.lang.model.util.ElementFilter.methodsIn(implementation.getEnclosedElements())) {
      String methodName = method.getSimpleName().toString();
      if (method.getAnnotation(dev.poto.annotations.Rpc.class) != null && !apiNames.contains(methodName)) {
        report.error(Messages.rpcNotInApi(methodName, name, apiName), method);
      }
      checkNoAccessAnnotation(method, "method " + methodName + "() of " + name, apiName, report);
    }
    return report;
  }

  private static void checkNoAccessAnnotation(Element element, String where, String api, ValidationReport report) {
    Optional<AnnotationMirror> access = Annotations.find(element, Public.class).or(() -> Annotations.find(element, Roles.class));
    access.ifPresent(mirror -> report.error(Messages.accessOnImplementation(where, api), element, mirror, null));
  }

  private void checkAccessible(TypeElement module, String moduleName, ValidationReport report) {
    if (module.getNestingKind() == NestingKind.LOCAL || module.getNestingKind() == NestingKind.ANONYMOUS) {
      report.error(Messages.inaccessibleModule(moduleName, "is a local or anonymous class"), module);
      return;
    }
    if (!module.getModifiers().contains(Modifier.PUBLIC)) {
      report.error(Messages.inaccessibleModule(moduleName, "is not public"), module);
      return;
    }
    for (Element outer = module.getEnclosingElement(); KnownTypes.isType(outer); outer = outer.getEnclosingElement()) {
      if (!outer.getModifiers().contains(Modifier.PUBLIC)) {
        report.error(
            Messages.inaccessibleModule(moduleName, "is nested in " + outer + ", which is not public"),
            module);
        return;
      }
    }
  }

  private void checkNotGeneric(TypeElement module, String moduleName, ValidationReport report) {
    Element current = module;
    while (KnownTypes.isType(current)) {
      TypeElement type = (TypeElement) current;
      if (!type.getTypeParameters().isEmpty()) {
        report.error(Messages.genericModule(moduleName), module);
        return;
      }
      if (type.getModifiers().contains(Modifier.STATIC) || type.getNestingKind() != NestingKind.MEMBER) {
        return; // enclosing type parameters are not in scope of a static or top-level class
      }
      current = type.getEnclosingElement();
    }
  }

  private void checkRoute(TypeElement module, String moduleName, ValidationReport report) {
    String route = ModuleNames.route(module);
    if (Protocol.isValidRoute(route)) {
      return;
    }
    Optional<AnnotationMirror> annotation = Annotations.find(module, RpcModule.class);
    AnnotationValue value = annotation.flatMap(a -> Annotations.value(a, "value")).orElse(null);
    if (annotation.isPresent() && value != null) {
      report.error(Messages.invalidRoute(moduleName, route), module, annotation.get(), value);
    } else {
      report.error(Messages.invalidRoute(moduleName, route), module);
    }
  }

  private void checkAccessAnnotations(Element element, String where, ValidationReport report) {
    Optional<AnnotationMirror> roles = Annotations.find(element, Roles.class);
    if (roles.isEmpty()) {
      return;
    }
    if (Annotations.find(element, Public.class).isPresent()) {
      report.error(Messages.conflictingAccess(where), element, roles.get(), null);
    }
    AnnotationValue value = Annotations.value(roles.get(), "value").orElse(null);
    String[] names = element.getAnnotation(Roles.class).value();
    if (names.length == 0) {
      report.error(Messages.emptyRoles(where), element, roles.get(), value);
    } else if (java.util.Arrays.stream(names).anyMatch(String::isBlank)) {
      report.error(Messages.blankRole(where), element, roles.get(), value);
    }
  }

  private static String describeKind(ElementKind kind) {
    return switch (kind) {
      case INTERFACE -> "an interface";
      case ENUM -> "an enum";
      case RECORD -> "a record";
      case ANNOTATION_TYPE -> "an annotation type";
      default -> "a " + kind.toString().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
