package dev.poto.processor.errors;

import com.palantir.javapoet.ClassName;
import dev.poto.annotations.RpcError;
import dev.poto.contract.TypeRef;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.types.Annotations;
import dev.poto.processor.types.KnownTypes;
import dev.poto.processor.validation.ValidationReport;
import dev.poto.protocol.DomainException;
import dev.poto.protocol.ProblemCodes;
import dev.poto.wire.WireProblem;
import dev.poto.wire.WireShapes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Reads and checks the domain errors an {@code @Rpc} method declares: the {@code DomainException}
 * subclasses in its {@code throws} clause (other thrown types, e.g. {@code IOException}, stay what they
 * were: a 500). One instance per compilation, so a code names one class across all modules.
 */
public final class DeclaredErrors {
  /** Members of every problem document: a field of that name would be ambiguous on the wire. */
  public static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "instance", "code", "requestId");

  private static final String DOMAIN_EXCEPTION = DomainException.class.getCanonicalName();

  private final KnownTypes known;
  private final WireShapes shapes;
  private final Map<String, String> classByCode = new HashMap<>();

  public DeclaredErrors(KnownTypes known, WireShapes shapes) {
    this.known = known;
    this.shapes = shapes;
  }

  /** Checks the declared errors of {@code method}, reporting on it; returns the valid ones in {@code throws} order. */
  public List<ErrorModel> check(ExecutableElement method, ValidationReport report) {
    String methodName = method.getSimpleName().toString();
    PackageElement modulePackage = known.packageOf(method);
    Map<String, ErrorModel> byCode = new LinkedHashMap<>();
    for (TypeMirror thrown : method.getThrownTypes()) {
      if (!(thrown instanceof DeclaredType declared) || !(declared.asElement() instanceof TypeElement type)) {
        continue;
      }
      boolean domain = known.isSubtypeOf(thrown, DOMAIN_EXCEPTION);
      Optional<RpcError> annotation = Optional.ofNullable(type.getAnnotation(RpcError.class));
      String name = type.getQualifiedName().toString();
      if (!domain) {
        if (annotation.isPresent()) {
          report.error(Messages.errorNotDomainException(name, methodName), method);
        }
        continue; // an ordinary exception: a 500, as before
      }
      if (name.equals(DOMAIN_EXCEPTION)) {
        report.error(Messages.undeclarableError(methodName), method);
        continue;
      }
      Optional<ErrorModel> model = read(type, annotation, modulePackage, method, report);
      if (model.isEmpty()) {
        continue;
      }
      ErrorModel error = model.get();
      ErrorModel sameCode = byCode.putIfAbsent(error.code(), error);
      if (sameCode != null && !sameCode.element().equals(type)) {
        report.error(Messages.errorCodeClash(error.code(), name, sameCode.element().getQualifiedName().toString()), method);
        continue;
      }
      String owner = classByCode.putIfAbsent(error.code(), name);
      if (owner != null && !owner.equals(name)) {
        report.error(Messages.errorCodeClash(error.code(), name, owner), method);
      }
    }
    return List.copyOf(byCode.values());
  }

  private Optional<ErrorModel> read(TypeElement type, Optional<RpcError> annotation, PackageElement modulePackage,
      ExecutableElement method, ValidationReport report) {
    String name = type.getQualifiedName().toString();
    int before = report.items().size();
    if (annotation.isEmpty()) {
      report.error(Messages.missingErrorCode(name), method);
      return Optional.empty();
    }
    String code = annotation.get().code();
    int status = annotation.get().status();
    if (!ProblemCodes.isValidDeclaredCode(code)) {
      report.error(Messages.invalidErrorCode(name, code), method);
    } else if (ProblemCodes.isReserved(code)) {
      report.error(Messages.reservedErrorCode(name, code), method);
    }
    if (status < 400 || status > 599) {
      report.error(Messages.invalidErrorStatus(name, status), method);
    }
    String inaccessible = inaccessible(type);
    if (inaccessible != null) {
      report.error(Messages.inaccessibleError(name, inaccessible), method);
    }
    List<ExecutableElement> constructors = ElementFilter.constructorsIn(type.getEnclosedElements()).stream()
        .filter(c -> c.getModifiers().contains(Modifier.PUBLIC))
        .toList();
    List<ErrorModel.Field> fields = new ArrayList<>();
    if (constructors.size() != 1) {
      report.error(Messages.errorConstructor(name, constructors.size()), method);
    } else {
      for (VariableElement parameter : constructors.getFirst().getParameters()) {
        field(type, parameter, modulePackage, method, report).ifPresent(fields::add);
      }
    }
    if (report.items().size() > before) {
      return Optional.empty();
    }
    return Optional.of(new ErrorModel(type, ClassName.get(type), code, status, fields));
  }

  private Optional<ErrorModel.Field> field(TypeElement type, VariableElement parameter, PackageElement modulePackage,
      ExecutableElement method, ValidationReport report) {
    String error = type.getQualifiedName().toString();
    String name = parameter.getSimpleName().toString();
    if (PROBLEM_MEMBERS.contains(name)) {
      report.error(Messages.reservedErrorField(error, name), method);
      return Optional.empty();
    }
    if (!hasAccessor(type, name, parameter.asType())) {
      report.error(Messages.errorFieldAccessor(error, name, parameter.asType().toString()), method);
      return Optional.empty();
    }
    boolean nullable = parameter.getAnnotationMirrors().stream().anyMatch(m -> Annotations.hasSimpleName(m, "Nullable"))
        || parameter.asType().getAnnotationMirrors().stream().anyMatch(m -> Annotations.hasSimpleName(m, "Nullable"));
    Optional<TypeRef> shape = shapes.errorField(parameter, type, modulePackage, nullable);
    for (WireProblem problem : shapes.takeProblems()) {
      report.error(problem.message(), method);
    }
    return shape.map(s -> new ErrorModel.Field(parameter, name, parameter.asType(), !nullable, s));
  }

  /** A public, non-static, no-argument method {@code name()} returning exactly {@code type}, as a record has. */
  private boolean hasAccessor(TypeElement error, String name, TypeMirror type) {
    for (Element member : known.elements().getAllMembers(error)) {
      if (member.getKind() == ElementKind.METHOD && member.getSimpleName().contentEquals(name)) {
        ExecutableElement accessor = (ExecutableElement) member;
        if (accessor.getParameters().isEmpty() && accessor.getModifiers().contains(Modifier.PUBLIC)
            && !accessor.getModifiers().contains(Modifier.STATIC)
            && known.types().isSameType(accessor.getReturnType(), type)) {
          return true;
        }
      }
    }
    return false;
  }

  /** Why generated code in another package could not name, construct or read the class; null if it can. */
  private static String inaccessible(TypeElement type) {
    if (type.getNestingKind() == NestingKind.LOCAL || type.getNestingKind() == NestingKind.ANONYMOUS) {
      return "is a local or anonymous class";
    }
    if (!type.getModifiers().contains(Modifier.PUBLIC)) {
      return "is not public";
    }
    if (type.getModifiers().contains(Modifier.ABSTRACT)) {
      return "is abstract";
    }
    if (type.getNestingKind() == NestingKind.MEMBER && !type.getModifiers().contains(Modifier.STATIC)) {
      return "is an inner class (not static)";
    }
    for (Element outer = type.getEnclosingElement(); KnownTypes.isType(outer); outer = outer.getEnclosingElement()) {
      if (!outer.getModifiers().contains(Modifier.PUBLIC)) {
        return "is nested in " + outer + ", which is not public";
      }
    }
    return null;
  }
}
