package dev.poto.runtime.dispatch;

/**
 * Service-provider entry through which the runtime finds the generated dispatcher for a module
 * instance, without reflection or classpath scanning. The processor writes one per module (a nested
 * {@code <Module>Dispatcher.Binding}) and lists it in
 * {@code META-INF/services/dev.poto.runtime.dispatch.ModuleBinding}.
 */
public interface ModuleBinding {

  /** The module class this binding serves. */
  Class<?> moduleType();

  /** A dispatcher for {@code module}, which is an instance of {@link #moduleType()}. */
  ModuleDispatcher bind(Object module);
}
