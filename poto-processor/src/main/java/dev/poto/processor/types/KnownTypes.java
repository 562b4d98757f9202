package dev.poto.processor.types;

import java.util.List;
import java.util.Optional;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import dev.poto.wire.Subtypes;

/**
 * The JDK types Poto treats specially, and questions about type mirrors that validation, the model
 * builder and the writers all ask. Types missing from the platform (never on JDK 25) read as absent.
 */
public final class KnownTypes {
  private final Elements elements;
  private final Types types;
  private final Subtypes subtypes;

  public KnownTypes(ProcessingEnvironment env) {
    this.elements = env.getElementUtils();
    this.types = env.getTypeUtils();
    this.subtypes = new Subtypes(types, elements);
  }

  /** The compilation's subtype answers, shared with {@link dev.poto.wire.WireShapes}. */
  public Subtypes subtypes() {
    return subtypes;
  }

  public Types types() {
    return types;
  }

  public Elements elements() {
    return elements;
  }

  /** The erased type of {@code name}, if the platform has it (looked up once, see {@link Subtypes}). */
  public Optional<TypeMirror> erased(String name) {
    return subtypes.erased(name);
  }

  /** True when the erasure of {@code type} is exactly the class {@code name}. */
  public boolean isExactly(TypeMirror type, String name) {
    return type.getKind() == TypeKind.DECLARED
        && ((TypeElement) ((DeclaredType) type).asElement()).getQualifiedName().contentEquals(name);
  }

  /** True when {@code type} is {@code name} or one of its subtypes (erasures compared). */
  public boolean isSubtypeOf(TypeMirror type, String name) {
    return subtypes.isSubtypeOf(type, name);
  }

  /** True for {@code byte[]}. */
  public boolean isByteArray(TypeMirror type) {
    return type.getKind() == TypeKind.ARRAY
        && ((ArrayType) type).getComponentType().getKind() == TypeKind.BYTE;
  }

  /** The type arguments of a declared type; empty for anything else. */
  public static List<? extends TypeMirror> typeArguments(TypeMirror type) {
    return type.getKind() == TypeKind.DECLARED ? ((DeclaredType) type).getTypeArguments() : List.of();
  }

  /** True when the type, or any type it is built from, could not be resolved (yet). */
  public static boolean containsError(TypeMirror type) {
    return switch (type.getKind()) {
      case ERROR -> true;
      case ARRAY -> containsError(((ArrayType) type).getComponentType());
      case DECLARED -> typeArguments(type).stream().anyMatch(KnownTypes::containsError);
      default -> false;
    };
  }

  /** True when no type argument appears anywhere in the type, so {@code X.class} describes it fully. */
  public static boolean isPlain(TypeMirror type) {
    return switch (type.getKind()) {
      case ARRAY -> isPlain(((ArrayType) type).getComponentType());
      case DECLARED -> typeArguments(type).isEmpty();
      default -> type.getKind().isPrimitive();
    };
  }

  /** The package a type is declared in. */
  public PackageElement packageOf(Element element) {
    return elements.getPackageOf(element);
  }

  /** True for classes, interfaces, enums, records and annotations (not packages or members). */
  public static boolean isType(Element element) {
    ElementKind kind = element.getKind();
    return kind.isClass() || kind.isInterface();
  }
}
