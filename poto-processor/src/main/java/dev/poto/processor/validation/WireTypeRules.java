package dev.poto.processor.validation;

import dev.poto.processor.model.ResultKind;
import dev.poto.processor.model.ResultShape;
import dev.poto.processor.types.KnownTypes;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Decides whether a type can travel on the wire, and if not, why (the reason ends with a fix). Values
 * are JSON via Jackson, so they must have a fixed, data-like type that generated code can name.
 */
final class WireTypeRules {

  private static final List<String> RUNTIME_OBJECTS =
      List.of(
          "java.lang.Class",
          "java.lang.ClassLoader",
          "java.lang.Thread",
          "java.lang.ThreadGroup",
          "java.lang.ThreadLocal",
          "java.lang.ScopedValue");
  private static final List<String> FUTURES =
      List.of("java.util.concurrent.Future", "java.util.concurrent.CompletionStage");
  private static final List<String> IO_HANDLES =
      List.of(
          "java.io.InputStream",
          "java.io.OutputStream",
          "java.io.Reader",
          "java.io.Writer",
          "java.nio.channels.Channel");
  private static final List<String> STREAMS =
      List.of("java.util.stream.BaseStream", "java.util.Iterator", "java.util.concurrent.Flow.Publisher");

  private final KnownTypes known;

  WireTypeRules(KnownTypes known) {
    this.known = known;
  }

  /** Why a parameter of this type cannot be received, or empty when it can. */
  Optional<String> checkParameter(TypeMirror type, PackageElement modulePackage) {
    if (known.isSubtypeOf(type, "java.io.InputStream")) {
      return Optional.of(
          "InputStream is supported only as a result; take a byte[] (sent as base64) for binary uploads.");
    }
    if (isStream(type)) {
      return Optional.of(
          "streams are supported only as the whole result; take a List<T> to receive a batch.");
    }
    return checkValue(type, modulePackage);
  }

  /** Why a result of this type cannot be sent, or empty when it can. */
  Optional<String> checkResult(TypeMirror returnType, PackageElement modulePackage) {
    ResultShape shape = ResultShape.of(returnType, known);
    if (shape.kind() == ResultKind.VOID
        || shape.kind() == ResultKind.BYTES
        || shape.kind() == ResultKind.INPUT_STREAM) {
      return Optional.empty();
    }
    if (shape.kind().isEventStream()) {
      if (KnownTypes.typeArguments(returnType).size() != 1) {
        return Optional.of(rawReason(returnType));
      }
      return checkValue(shape.valueType(), modulePackage);
    }
    if (isStream(returnType)) {
      return Optional.of(
          "only Stream<T>, Iterator<T> and Flow.Publisher<T> themselves can be streamed; for primitive"
              + " streams return Stream<Integer> (or another boxed type), e.g. via boxed().");
    }
    return checkValue(returnType, modulePackage);
  }

  /** A value inside JSON: any depth of a parameter or a result. */
  private Optional<String> checkValue(TypeMirror type, PackageElement modulePackage) {
    switch (type.getKind()) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, CHAR, FLOAT, DOUBLE:
        return Optional.empty();
      case ARRAY:
        return checkValue(((ArrayType) type).getComponentType(), modulePackage);
      case DECLARED:
        return checkDeclared((DeclaredType) type, modulePackage);
      case TYPEVAR:
        return Optional.of(
            "type variable " + type + " has no fixed wire type; use a concrete type.");
      case WILDCARD:
        return Optional.of(
            "wildcards (" + type + ") cannot be decoded; write the concrete type argument instead.");
      default:
        return Optional.of("this kind of type has no JSON form; use a concrete data type.");
    }
  }

  private Optional<String> checkDeclared(DeclaredType type, PackageElement modulePackage) {
    TypeElement element = (TypeElement) type.asElement();
    String name = element.getQualifiedName().toString();
    if (name.equals("java.lang.Object")) {
      return Optional.of(
          "java.lang.Object does not say what JSON to expect; use a concrete type (a record,"
              + " List<T>, Map<String, T> or Jackson's JsonNode).");
    }
    if (!element.getTypeParameters().isEmpty() && type.getTypeArguments().isEmpty()) {
      return Optional.of(rawReason(type));
    }
    if (isAnyOf(type, RUNTIME_OBJECTS) || isReflection(element)) {
      return Optional.of(
          name + " is a JVM runtime object, not data; send a plain value that describes it instead.");
    }
    if (isAnyOf(type, FUTURES)) {
      return Optional.of(
          "futures are not data; declare the value itself (each call already runs on its own"
              + " virtual thread, so blocking is fine).");
    }
    if (isFunctional(element)) {
      return Optional.of(
          "functions cannot be sent over the wire; send data and choose the behaviour on the server.");
    }
    if (isAnyOf(type, IO_HANDLES)) {
      return Optional.of(
          "I/O handles cannot be part of a JSON value; return byte[] or InputStream as the whole"
              + " result for binary data, and take byte[] for uploads.");
    }
    if (isStream(type)) {
      return Optional.of(
          "streams cannot be nested in a value; only the whole result may be a Stream<T>, use"
              + " List<T> inside values.");
    }
    Optional<String> access = checkAccessible(element, modulePackage);
    if (access.isPresent()) {
      return access;
    }
    for (TypeMirror argument : type.getTypeArguments()) {
      Optional<String> problem = checkValue(argument, modulePackage);
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  /** Generated classes live in the module's package: they can name public and same-package types. */
  private Optional<String> checkAccessible(TypeElement element, PackageElement modulePackage) {
    for (Element current = element; KnownTypes.isType(current); current = current.getEnclosingElement()) {
      if (current.getModifiers().contains(Modifier.PRIVATE)) {
        return Optional.of(
            current + " is private, so generated code cannot name it; make it package-private or public.");
      }
      boolean samePackage = known.packageOf(current).equals(modulePackage);
      if (!current.getModifiers().contains(Modifier.PUBLIC) && !samePackage) {
        return Optional.of(
            current + " is not public and lives outside the module's package, so generated code"
                + " cannot name it; make it public.");
      }
    }
    return Optional.empty();
  }

  private boolean isStream(TypeMirror type) {
    return isAnyOf(type, STREAMS);
  }

  private boolean isAnyOf(TypeMirror type, List<String> names) {
    return names.stream().anyMatch(name -> known.isSubtypeOf(type, name));
  }

  private boolean isReflection(TypeElement element) {
    String pkg = known.packageOf(element).getQualifiedName().toString();
    return pkg.equals("java.lang.reflect") || pkg.equals("java.lang.invoke");
  }

  private boolean isFunctional(TypeElement element) {
    if (known.packageOf(element).getQualifiedName().contentEquals("java.util.function")) {
      return true;
    }
    return element.getAnnotationMirrors().stream()
        .anyMatch(
            mirror ->
                ((TypeElement) mirror.getAnnotationType().asElement())
                    .getQualifiedName()
                    .contentEquals("java.lang.FunctionalInterface"));
  }

  private static String rawReason(TypeMirror type) {
    return "raw type " + type + " leaves the element type unknown; write its type arguments,"
        + " e.g. List<String>.";
  }
}
