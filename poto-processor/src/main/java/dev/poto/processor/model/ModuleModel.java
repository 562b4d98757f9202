package dev.poto.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.element.TypeElement;

/**
 * A validated module: a class with {@code @Rpc} methods, an {@code @RpcModule} interface, or a class
 * implementing one, and the names of what is generated for it.
 *
 * @param element the module class or interface; for an implementation, the implementing class
 * @param moduleClass its name in generated code
 * @param route the route segment ({@code @RpcModule} value, else the simple class name)
 * @param descriptorClass {@code <Module>Descriptor}, the method table dispatcher and client share
 * @param dispatcherClass {@code <Module>Dispatcher}, nested modules flattened as {@code Outer_Inner}
 * @param clientClass {@code <Module>Client}, same package as the module
 * @param methods the {@code @Rpc} methods in declaration order ({@code methods.get(i).index() == i});
 *     for an implementation, those of its API interface
 * @param kind what is generated for it
 * @param contract the type that declares the wire: {@code element} itself, or an implementation's API
 *     interface (whose descriptor the dispatcher uses and whose route it serves)
 */
public record ModuleModel(
    TypeElement element,
    ClassName moduleClass,
    String route,
    ClassName descriptorClass,
    ClassName dispatcherClass,
    ClassName clientClass,
    List<RpcMethodModel> methods,
    ModuleKind kind,
    TypeElement contract) {

  public ModuleModel {
    methods = List.copyOf(methods);
  }

  /** The qualified name of the type that declares the wire; a route belongs to one such type. */
  public String contractName() {
    return contract.getQualifiedName().toString();
  }

  /** The binary name of the nested binding class, as listed in the services file. */
  public String bindingBinaryName() {
    return dispatcherClass.reflectionName() + "$Binding";
  }
}
