package dev.poto.runtime.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.RpcMethod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A served module: its dispatcher and its methods, prepared for the request path. The lookup by name is
 * built here once, so generated dispatchers need no lookup of their own.
 */
public final class RegisteredModule {
  private final ModuleDispatcher dispatcher;
  private final String route;
  private final List<RegisteredMethod> methods;
  private final Map<String, RegisteredMethod> byName;

  RegisteredModule(ModuleDispatcher dispatcher, ObjectMapper mapper) {
    this.dispatcher = dispatcher;
    List<RpcMethod> rpcMethods = dispatcher.methods();
    if (rpcMethods == null || rpcMethods.isEmpty()) {
      throw new IllegalStateException(
          "Dispatcher " + dispatcher.getClass().getName() + " lists no methods; a module needs at least one @Rpc method");
    }
    this.route = dispatcher.route();
    List<RegisteredMethod> registered = new ArrayList<>(rpcMethods.size());
    Map<String, RegisteredMethod> names = new HashMap<>();
    for (int i = 0; i < rpcMethods.size(); i++) {
      RpcMethod method = rpcMethods.get(i);
      if (method.index() != i) {
        throw new IllegalStateException(
            "Dispatcher " + dispatcher.getClass().getName() + " lists method '" + method.name()
                + "' at position " + i + " but its index is " + method.index()
                + "; regenerate it with the current poto-processor");
      }
      if (!method.module().equals(route)) {
        throw new IllegalStateException(
            "Method '" + method.name() + "' of dispatcher " + dispatcher.getClass().getName()
                + " names module '" + method.module() + "' but the dispatcher's route is '" + route + "'");
      }
      RegisteredMethod prepared = new RegisteredMethod(dispatcher, method, mapper);
      if (names.putIfAbsent(method.name(), prepared) != null) {
        throw new IllegalStateException(
            "Dispatcher " + dispatcher.getClass().getName() + " lists method '" + method.name() + "' twice");
      }
      registered.add(prepared);
    }
    this.methods = List.copyOf(registered);
    this.byName = Map.copyOf(names);
  }

  public String route() {
    return route;
  }

  /** The method called {@code name}, or null. */
  public RegisteredMethod method(String name) {
    return byName.get(name);
  }

  public List<RegisteredMethod> methods() {
    return methods;
  }
}
