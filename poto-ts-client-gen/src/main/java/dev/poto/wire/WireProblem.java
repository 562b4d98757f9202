package dev.poto.wire;

import java.util.Objects;
import javax.lang.model.element.Element;

/**
 * A type that cannot cross the wire. {@code position} problems are about the type written at a
 * parameter or result (the processor wraps {@code message} in its parameter or result message);
 * the others stand alone, on the declaration or property at fault, starting with their id.
 */
public record WireProblem(Element element, String id, String message, boolean position) {
  public WireProblem {
    Objects.requireNonNull(id);
    Objects.requireNonNull(message);
  }
}
