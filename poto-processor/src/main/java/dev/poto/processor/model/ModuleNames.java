package dev.poto.processor.model;

import com.palantir.javapoet.ClassName;
import dev.poto.annotations.RpcModule;
import javax.lang.model.element.TypeElement;

/** Derives a module's route and the names of its generated classes. */
public final class ModuleNames {
  private ModuleNames() {}

  /** {@code @RpcModule} value when set (not empty), else the simple class name. */
  public static String route(TypeElement module) {
    RpcModule annotation = module.getAnnotation(RpcModule.class);
    if (annotation != null && !annotation.value().isEmpty()) {
      return annotation.value();
    }
    return module.getSimpleName().toString();
  }

  /** {@code Outer_Inner} for nested classes, so outputs sit next to the outer class in its package. */
  public static String flatName(TypeElement module) {
    return String.join("_", ClassName.get(module).simpleNames());
  }

  public static ClassName descriptor(TypeElement module) {
    return ClassName.get(ClassName.get(module).packageName(), flatName(module) + "Descriptor");
  }

  public static ClassName dispatcher(TypeElement module) {
    return ClassName.get(ClassName.get(module).packageName(), flatName(module) + "Dispatcher");
  }

  public static ClassName client(TypeElement module) {
    return ClassName.get(ClassName.get(module).packageName(), flatName(module) + "Client");
  }
}
