package dev.poto.runtime.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.Protocol;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The modules one runtime serves, by route. Module instances are matched to their generated
 * dispatchers through {@link ModuleBinding} service entries: no reflection, no classpath scanning.
 */
public final class ModuleRegistry {
  private final Map<String, RegisteredModule> byRoute;

  private ModuleRegistry(Map<String, RegisteredModule> byRoute) {
    this.byRoute = Map.copyOf(byRoute);
  }

  public static ModuleRegistry build(
      Collection<Object> instances, Collection<ModuleDispatcher> dispatchers, ObjectMapper mapper) {
    Map<String, RegisteredModule> byRoute = new HashMap<>();
    for (Object instance : instances) {
      add(byRoute, bind(instance), mapper);
    }
    for (ModuleDispatcher dispatcher : dispatchers) {
      add(byRoute, dispatcher, mapper);
    }
    return new ModuleRegistry(byRoute);
  }

  /** The generated dispatcher for {@code module}, matching its class or the nearest superclass. */
  public static ModuleDispatcher bind(Object module) {
    ClassLoader loader = module.getClass().getClassLoader();
    Map<Class<?>, ModuleBinding> bindings = new HashMap<>();
    for (ModuleBinding binding : ServiceLoader.load(ModuleBinding.class, loader)) {
      bindings.putIfAbsent(binding.moduleType(), binding);
    }
    for (Class<?> type = module.getClass(); type != null; type = type.getSuperclass()) {
      ModuleBinding binding = bindings.get(type);
      if (binding != null) {
        return binding.bind(module);
      }
    }
    throw new IllegalStateException(
        "no generated dispatcher for " + module.getClass().getName()
            + ": is poto-processor on the annotation processor path? (A module needs at least one"
            + " @Rpc method, and its dispatcher is listed in"
            + " META-INF/services/dev.poto.runtime.dispatch.ModuleBinding.)");
  }

  private static void add(Map<String, RegisteredModule> byRoute, ModuleDispatcher dispatcher, ObjectMapper mapper) {
    String route = dispatcher.route();
    if (!Protocol.isValidRoute(route)) {
      throw new IllegalStateException(
          "Module route '" + route + "' of " + dispatcher.getClass().getName() + " is not usable: a route is "
              + Protocol.ROUTE_RULE);
    }
    RegisteredModule previous = byRoute.putIfAbsent(route, new RegisteredModule(dispatcher, mapper));
    if (previous != null) {
      throw new IllegalStateException(
          "Two modules use the route '" + route + "'; give one of them another name with @RpcModule(\"...\")");
    }
  }

  /** The module served at {@code route}, or null. */
  public RegisteredModule module(String route) {
    return byRoute.get(route);
  }

  public List<RegisteredModule> modules() {
    return List.copyOf(byRoute.values());
  }
}
