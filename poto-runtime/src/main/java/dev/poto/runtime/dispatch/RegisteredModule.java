package dev.poto.runtime.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.RpcMethod;
import java.util.List;

/** A served module: its dispatcher and its methods, prepared for the request path. */
public final class RegisteredModule {
  private final ModuleDispatcher dispatcher;
  private final RegisteredMethod[] methods;

  RegisteredModule(ModuleDispatcher dispatcher, ObjectMapper mapper) {
    this.dispatcher = dispatcher;
    List<RpcMethod> rpcMethods = dispatcher.methods();
    this.methods = new RegisteredMethod[rpcMethods.size()];
    for (int i = 0; i < rpcMethods.size(); i++) {
      RpcMethod method = rpcMethods.get(i);
      if (method.index() != i) {
        throw new IllegalStateException(
            "Dispatcher " + dispatcher.getClass().getName() + " lists method '" + method.name()
                + "' at position " + i + " but its index is " + method.index()
                + "; regenerate it with the current poto-processor");
      }
      if (!method.module().equals(dispatcher.route())) {
        throw new IllegalStateException(
            "Method '" + method.name() + "' of dispatcher " + dispatcher.getClass().getName()
                + " names module '" + method.module() + "' but the dispatcher's route is '"
                + dispatcher.route() + "'");
      }
      methods[i] = new RegisteredMethod(dispatcher, method, mapper);
    }
  }

  public String route() {
    return dispatcher.route();
  }

  /** The method called {@code name}, or null. Uses the dispatcher's generated switch. */
  public RegisteredMethod method(String name) {
    RpcMethod method = dispatcher.method(name);
    if (method == null || method.index() < 0 || method.index() >= methods.length) {
      return null;
    }
    RegisteredMethod registered = methods[method.index()];
    return registered.rpc() == method || registered.rpc().equals(method) ? registered : null;
  }

  public List<RegisteredMethod> methods() {
    return List.of(methods);
  }
}
