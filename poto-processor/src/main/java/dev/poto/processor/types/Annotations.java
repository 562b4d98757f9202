package dev.poto.processor.types;

import java.util.Optional;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;

/** Finds annotation mirrors, which carry the source positions messages should point at. */
public final class Annotations {
  private Annotations() {}

  /** The annotation of type {@code annotationType} on {@code element}, if present. */
  public static Optional<AnnotationMirror> find(Element element, Class<?> annotationType) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(annotationType.getCanonicalName())) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The explicitly written value of {@code attribute}, if any (defaults are not included). */
  public static Optional<AnnotationValue> value(AnnotationMirror mirror, String attribute) {
    for (var entry : mirror.getElementValues().entrySet()) {
      ExecutableElement key = entry.getKey();
      if (key.getSimpleName().contentEquals(attribute)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /** True when {@code mirror}'s annotation type has the simple name {@code simpleName}. */
  public static boolean hasSimpleName(AnnotationMirror mirror, String simpleName) {
    return mirror.getAnnotationType().asElement().getSimpleName().contentEquals(simpleName);
  }
}
