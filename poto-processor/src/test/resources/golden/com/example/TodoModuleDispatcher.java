package com.example;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.annotation.processing.Generated;

@Generated("dev.poto.processor.PotoProcessor")
public final class TodoModuleDispatcher implements ModuleDispatcher {
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();

  public static final RpcMethod ADD = new RpcMethod("todo", "add", 0,
      List.of(
          new RpcParam("title", TYPES.constructType(String.class), true),
          new RpcParam("note", TYPES.constructType(String.class), false),
          new RpcParam("priority", TYPES.constructType(int.class), true)),
      TYPES.constructType(TodoModule.Todo.class), ResultKind.VALUE, false, Set.of("user"));

  public static final RpcMethod LIST = new RpcMethod("todo", "list", 1,
      List.of(
          new RpcParam("filter", TYPES.constructReferenceType(Optional.class, TYPES.constructType(String.class)), false)),
      TYPES.constructCollectionType(List.class, TodoModule.Todo.class), ResultKind.VALUE, false, Set.of("user"));

  public static final RpcMethod CLEAR = new RpcMethod("todo", "clear", 2,
      List.of(),
      TYPES.constructType(Void.class), ResultKind.VOID, false, Set.of("user"));

  public static final RpcMethod PING = new RpcMethod("todo", "ping", 3,
      List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, true, Set.of());

  public static final RpcMethod BY_OWNER = new RpcMethod("todo", "byOwner", 4,
      List.of(
          new RpcParam("owners", TYPES.constructCollectionType(Set.class, String.class), true),
          new RpcParam("ids", TYPES.constructType(long[].class), true)),
      TYPES.constructMapType(Map.class, TYPES.constructType(String.class), TYPES.constructCollectionType(List.class, TodoModule.Todo.class)), ResultKind.VALUE, false, Set.of("admin", "ops"));

  public static final RpcMethod FEED = new RpcMethod("todo", "feed", 5,
      List.of(
          new RpcParam("limit", TYPES.constructType(int.class), true)),
      TYPES.constructType(TodoModule.Todo.class), ResultKind.STREAM, false, Set.of("user"));

  public static final RpcMethod TITLES = new RpcMethod("todo", "titles", 6,
      List.of(),
      TYPES.constructType(String.class), ResultKind.ITERATOR, false, Set.of("user"));

  public static final RpcMethod UPDATES = new RpcMethod("todo", "updates", 7,
      List.of(),
      TYPES.constructType(TodoModule.Todo.class), ResultKind.PUBLISHER, false, Set.of("user"));

  public static final RpcMethod EXPORT = new RpcMethod("todo", "export", 8,
      List.of(
          new RpcParam("options", TYPES.constructMapType(Map.class, String.class, Integer.class), true)),
      TYPES.constructType(byte[].class), ResultKind.BYTES, false, Set.of("user"));

  public static final RpcMethod DOWNLOAD = new RpcMethod("todo", "download", 9,
      List.of(
          new RpcParam("name", TYPES.constructType(String.class), true)),
      TYPES.constructType(InputStream.class), ResultKind.INPUT_STREAM, false, Set.of("user"));

  public static final RpcMethod COUNT = new RpcMethod("todo", "count", 10,
      List.of(
          new RpcParam("sample", TYPES.constructType(TodoModule.Todo[].class), true)),
      TYPES.constructType(int.class), ResultKind.VALUE, false, Set.of("user"));

  public static final RpcMethod FIND = new RpcMethod("todo", "find", 11,
      List.of(
          new RpcParam("id", TYPES.constructType(UUID.class), true),
          new RpcParam("hints", TYPES.constructMapType(Map.class, TYPES.constructType(String.class), TYPES.constructReferenceType(Optional.class, TYPES.constructCollectionType(List.class, TodoModule.Todo.class))), true),
          new RpcParam("pages", TYPES.constructArrayType(TYPES.constructCollectionType(List.class, TodoModule.Todo.class)), true)),
      TYPES.constructReferenceType(Optional.class, TYPES.constructType(TodoModule.Todo.class)), ResultKind.VALUE, false, Set.of("user"));

  public static final RpcMethod RENAME = new RpcMethod("todo", "rename", 12,
      List.of(
          new RpcParam("client", TYPES.constructType(String.class), true),
          new RpcParam("ADD", TYPES.constructType(String[].class), true)),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of("user"));

  private static final List<RpcMethod> METHODS = List.of(ADD, LIST, CLEAR, PING, BY_OWNER, FEED, TITLES, UPDATES, EXPORT, DOWNLOAD, COUNT, FIND, RENAME);

  private final TodoModule module;

  public TodoModuleDispatcher(TodoModule module) {
    this.module = Objects.requireNonNull(module, "module");
  }

  @Override
  public String route() {
    return "todo";
  }

  @Override
  public List<RpcMethod> methods() {
    return METHODS;
  }

  @Override
  public RpcMethod method(String name) {
    switch (name) {
      case "add":
        return ADD;
      case "list":
        return LIST;
      case "clear":
        return CLEAR;
      case "ping":
        return PING;
      case "byOwner":
        return BY_OWNER;
      case "feed":
        return FEED;
      case "titles":
        return TITLES;
      case "updates":
        return UPDATES;
      case "export":
        return EXPORT;
      case "download":
        return DOWNLOAD;
      case "count":
        return COUNT;
      case "find":
        return FIND;
      case "rename":
        return RENAME;
      default:
        return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(RpcMethod method, Object[] args) throws Exception {
    switch (method.index()) {
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
        throw new IllegalArgumentException("No @Rpc method of module todo has index " + method.index());
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
