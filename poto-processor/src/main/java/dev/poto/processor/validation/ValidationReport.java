package dev.poto.processor.validation;

import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * The problems found while validating one module, collected first and printed once, each attached to
 * the element (and, where it helps, the annotation value) it is about.
 */
public final class ValidationReport {

  /** One problem; {@code annotation} and {@code value} may be null. */
  public record Item(
      Diagnostic.Kind kind,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {}

  private final List<Item> items = new ArrayList<>();

  public ValidationReport error(String message, Element element) {
    return add(Diagnostic.Kind.ERROR, message, element, null, null);
  }

  public ValidationReport error(
      String message, Element element, AnnotationMirror annotation, AnnotationValue value) {
    return add(Diagnostic.Kind.ERROR, message, element, annotation, value);
  }

  public ValidationReport warning(String message, Element element) {
    return add(Diagnostic.Kind.WARNING, message, element, null, null);
  }

  private ValidationReport add(
      Diagnostic.Kind kind,
      String message,
      Element element,
      AnnotationMirror annotation,
      AnnotationValue value) {
    items.add(new Item(kind, message, element, annotation, value));
    return this;
  }

  public boolean hasErrors() {
    return items.stream().anyMatch(item -> item.kind() == Diagnostic.Kind.ERROR);
  }

  public List<Item> items() {
    return List.copyOf(items);
  }

  /** Prints every item, in the order found. */
  public void printTo(Messager messager) {
    for (Item item : items) {
      if (item.annotation() == null) {
        messager.printMessage(item.kind(), item.message(), item.element());
      } else if (item.value() == null) {
        messager.printMessage(item.kind(), item.message(), item.element(), item.annotation());
      } else {
        messager.printMessage(
            item.kind(), item.message(), item.element(), item.annotation(), item.value());
      }
    }
  }
}
