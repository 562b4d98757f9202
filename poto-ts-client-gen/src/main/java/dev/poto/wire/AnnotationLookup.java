package dev.poto.wire;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.AnnotatedConstruct;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * Reads annotations by name, so the generator needs neither Jackson nor JSpecify on its classpath:
 * any annotation simply named {@code Nullable} counts, and Jackson's are matched by qualified name.
 */
final class AnnotationLookup {
  static final String JSON_TYPE_INFO = "com.fasterxml.jackson.annotation.JsonTypeInfo";
  static final String JSON_SUB_TYPES = "com.fasterxml.jackson.annotation.JsonSubTypes";
  static final String JSON_TYPE_NAME = "com.fasterxml.jackson.annotation.JsonTypeName";
  static final String JSON_PROPERTY = "com.fasterxml.jackson.annotation.JsonProperty";
  static final String JSON_IGNORE = "com.fasterxml.jackson.annotation.JsonIgnore";
  static final String JSON_VALUE = "com.fasterxml.jackson.annotation.JsonValue";

  private final Elements elements;

  AnnotationLookup(Elements elements) {
    this.elements = elements;
  }

  static boolean hasNullable(AnnotatedConstruct construct) {
    if (construct == null) {
      return false;
    }
    for (AnnotationMirror mirror : construct.getAnnotationMirrors()) {
      if (mirror.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable")) {
        return true;
      }
    }
    return false;
  }

  static Optional<AnnotationMirror> find(AnnotatedConstruct construct, String qualifiedName) {
    if (construct == null) {
      return Optional.empty();
    }
    for (AnnotationMirror mirror : construct.getAnnotationMirrors()) {
      TypeElement type = (TypeElement) mirror.getAnnotationType().asElement();
      if (type.getQualifiedName().contentEquals(qualifiedName)) {
        return Optional.of(mirror);
      }
    }
    return Optional.empty();
  }

  /** The value of {@code attribute}, defaults included. */
  Object value(AnnotationMirror mirror, String attribute) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(attribute)) {
        return entry.getValue().getValue();
      }
    }
    return null;
  }

  String stringValue(AnnotationMirror mirror, String attribute) {
    Object value = value(mirror, attribute);
    return value == null ? "" : value.toString();
  }

  /** An enum-valued attribute's constant name, e.g. {@code NAME} for {@code use = Id.NAME}. */
  String enumValue(AnnotationMirror mirror, String attribute) {
    Object value = value(mirror, attribute);
    return value instanceof javax.lang.model.element.VariableElement constant
        ? constant.getSimpleName().toString()
        : "";
  }

  @SuppressWarnings("unchecked")
  List<? extends AnnotationValue> listValue(AnnotationMirror mirror, String attribute) {
    Object value = value(mirror, attribute);
    return value instanceof List<?> list ? (List<? extends AnnotationValue>) list : List.of();
  }
}
