package dev.poto.wire;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The one answer to "is this declared type, erased, a subtype of the class named so?", asked by
 * validation, the wire shapes and the model for every parameter, result and field. A name is looked up
 * once per compilation (a lookup by name searches every module; only platform and library names are
 * asked for, whose symbols stay the same across rounds). Each (type, name) pair is checked once per
 * round: javac's {@code isAssignable} walks the supertypes every time, and the same records and
 * collections come back in every method. The answers are forgotten at each new round, since a supertype
 * that was not generated yet in one round may exist in the next.
 */
public final class Subtypes {
  private final Types types;
  private final Elements elements;
  private final Map<String, Optional<TypeMirror>> erasedByName = new HashMap<>();
  /** Per type element (identity), its answers by target name. */
  private final Map<Element, Map<String, Boolean>> answers = new HashMap<>();

  public Subtypes(Types types, Elements elements) {
    this.types = types;
    this.elements = elements;
  }

  /** The erased type of {@code name}, if the class path has it. */
  public Optional<TypeMirror> erased(String name) {
    return erasedByName.computeIfAbsent(name, this::lookUpErased);
  }

  private Optional<TypeMirror> lookUpErased(String name) {
    TypeElement element = elements.getTypeElement(name);
    return element == null ? Optional.empty() : Optional.of(types.erasure(element.asType()));
  }

  /** True when {@code type} is declared and its erasure is {@code name} or a subtype of it. */
  public boolean isSubtypeOf(TypeMirror type, String name) {
    if (type.getKind() != TypeKind.DECLARED) {
      return false;
    }
    // The erasure of a declared type depends on its element alone, so the element keys the answer.
    Map<String, Boolean> byName = answers.computeIfAbsent(((DeclaredType) type).asElement(), element -> new HashMap<>());
    Boolean known = byName.get(name);
    if (known == null) {
      known = erased(name).map(target -> types.isAssignable(types.erasure(type), target)).orElse(false);
      byName.put(name, known);
    }
    return known;
  }

  /** Called at the start of every processing round: types may have gained their supertypes since. */
  public void newRound() {
    answers.clear();
  }
}
