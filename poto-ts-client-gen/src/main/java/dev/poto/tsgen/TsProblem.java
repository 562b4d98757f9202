package dev.poto.tsgen;

import java.util.Objects;
import javax.lang.model.element.Element;

/**
 * A Java type or name the TypeScript client cannot express faithfully. The processor reports it as a
 * compile error on {@code element}; {@code message} starts with the stable {@code id}
 * ({@code [Poto/TsNameClash]}) and ends with a fix. Texts come from {@link TsMessages}.
 */
public record TsProblem(Element element, String id, String message) {
  public TsProblem {
    Objects.requireNonNull(id);
    Objects.requireNonNull(message);
  }

  @Override
  public String toString() {
    return message;
  }
}
