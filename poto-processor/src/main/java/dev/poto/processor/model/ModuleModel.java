package dev.poto.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated module: a class with {@code @Rpc} methods, and the names of what is generated for it.
 *
 * @param element the module class
 * @param moduleClass its name in generated code
 * @param route the route segment ({@code @RpcModule} value, else the simple class name)
 * @param descriptorClass {@code <Module>Descriptor}, the method table dispatcher and client share
 * @param dispatcherClass {@code <Module>Dispatcher}, nested modules flattened as {@code Outer_Inner}
 * @param clientClass {@code <Module>Client}, same package as the module
 * @param methods the {@code @Rpc} methods in declaration order ({@code methods.get(i).index() == i})
 */
public record ModuleModel(
    TypeElement element,
    ClassName moduleClass,
    String route,
    ClassName descriptorClass,
    ClassName dispatcherClass,
    ClassName clientClass,
    List<RpcMethodModel> methods) {

  public ModuleModel {
    methods = List.copyOf(methods);
  }

  /** The binary name of the nested binding class, as listed in the services file. */
  public String bindingBinaryName() {
    return dispatcherClass.reflectionName() + "$Binding";
  }
}
