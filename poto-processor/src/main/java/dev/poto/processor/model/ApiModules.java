package dev.poto.processor.model;

import dev.poto.annotations.RpcModule;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;

/**
 * Finds the classes that implement an API module (an {@code @RpcModule} interface). The interface
 * usually comes from a jar on the class path, so the class carries no Poto annotation of its own: the
 * processor looks at every class of the compilation, and only at its direct interfaces (a subclass of an
 * implementation is served by its superclass's dispatcher).
 */
public final class ApiModules {
  private ApiModules() {}

  /** The {@code @RpcModule} interfaces {@code type} lists in its {@code implements} clause, if it is a class. */
  public static List<TypeElement> implementedBy(TypeElement type) {
    if (type.getKind() != ElementKind.CLASS) {
      return List.of();
    }
    List<TypeElement> apis = new ArrayList<>();
    for (TypeMirror implemented : type.getInterfaces()) {
      if (implemented instanceof DeclaredType declared
          && declared.asElement() instanceof TypeElement api
          && api.getKind() == ElementKind.INTERFACE
          && api.getAnnotation(RpcModule.class) != null) {
        apis.add(api);
      }
    }
    return apis;
  }

  /** The Java client written for an API implements it too, and is no server. */
  private static boolean isGeneratedClient(TypeElement type, List<TypeElement> apis) {
    return apis.size() == 1
        && type.getQualifiedName().contentEquals(ModuleNames.client(apis.getFirst()).canonicalName());
  }

  /** Every class among {@code roots} and the types nested in them that implements an API module. */
  public static List<TypeElement> implementationsAmong(Iterable<? extends Element> roots) {
    List<TypeElement> found = new ArrayList<>();
    for (TypeElement type : ElementFilter.typesIn(roots)) {
      collect(type, found);
    }
    return found;
  }

  private static void collect(TypeElement type, List<TypeElement> found) {
    List<TypeElement> apis = implementedBy(type);
    if (!apis.isEmpty() && !isGeneratedClient(type, apis)) {
      found.add(type);
    }
    for (TypeElement nested : ElementFilter.typesIn(type.getEnclosedElements())) {
      collect(nested, found);
    }
  }
}
