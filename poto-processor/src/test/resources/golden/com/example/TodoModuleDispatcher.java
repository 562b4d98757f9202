package com.example;

import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.annotation.processing.Generated;

@Generated("dev.poto.processor.PotoProcessor")
public final class TodoModuleDispatcher implements ModuleDispatcher {
  private final TodoModule module;

  public TodoModuleDispatcher(TodoModule module) {
    if (module == null) {
      throw new NullPointerException("module");
    }
    this.module = module;
  }

  @Override
  public List<RpcMethod> methods() {
    return TodoModuleDescriptor.METHODS;
  }

  @Override
  public MethodAccess access(int index) {
    switch (index) {
      case 3: // ping
        return MethodAccess.PUBLIC;
      case 4: // byOwner
        return MethodAccess.roles("admin", "ops");
      default:
        return MethodAccess.roles("user");
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(int index, Object[] args) throws Exception {
    switch (index) {
      case 0:
        return module.add((String) args[0], (String) args[1], (int) args[2]);
      case 1:
        return module.list((Optional<String>) args[0]);
      case 2:
        module.clear();
        return null;
      case 3:
        return module.ping();
      case 4:
        return module.byOwner((Set<String>) args[0], (long[]) args[1]);
      case 5:
        return module.feed((int) args[0]);
      case 6:
        return module.titles();
      case 7:
        return module.updates();
      case 8:
        return module.export((Map<String, Integer>) args[0]);
      case 9:
        return module.download((String) args[0]);
      case 10:
        return module.count((TodoModule.Todo[]) args[0]);
      case 11:
        return module.find((UUID) args[0], (Map<String, Optional<List<TodoModule.Todo>>>) args[1], (List<TodoModule.Todo>[]) args[2]);
      case 12:
        return module.rename((String) args[0], (String[]) args[1]);
      default:
        throw new IndexOutOfBoundsException(index);
    }
  }

  public static final class Binding implements ModuleBinding {
    @Override
    public Class<?> moduleType() {
      return TodoModule.class;
    }

    @Override
    public ModuleDispatcher bind(Object module) {
      return new TodoModuleDispatcher((TodoModule) module);
    }
  }
}
