package com.example;

import static dev.poto.protocol.GenericTypes.arrayOf;
import static dev.poto.protocol.GenericTypes.generic;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.annotation.processing.Generated;

/**
 * The wire descriptor of {@link TodoModule}, shared by its dispatcher and its Java client.
 */
@Generated("dev.poto.processor.PotoProcessor")
public final class TodoModuleDescriptor {
  public static final RpcMethod ADD = new RpcMethod("todo", "add", 0, ResultKind.VALUE, TodoModule.Todo.class,
      new RpcParam("title", String.class, true),
      new RpcParam("note", String.class, false),
      new RpcParam("priority", int.class, true));

  public static final RpcMethod LIST = new RpcMethod("todo", "list", 1, ResultKind.VALUE, generic(List.class, TodoModule.Todo.class),
      new RpcParam("filter", generic(Optional.class, String.class), false));

  public static final RpcMethod CLEAR = new RpcMethod("todo", "clear", 2, ResultKind.VOID, Void.class);

  public static final RpcMethod PING = new RpcMethod("todo", "ping", 3, ResultKind.VALUE, String.class);

  public static final RpcMethod BY_OWNER = new RpcMethod("todo", "byOwner", 4, ResultKind.VALUE, generic(Map.class, String.class, generic(List.class, TodoModule.Todo.class)),
      new RpcParam("owners", generic(Set.class, String.class), true),
      new RpcParam("ids", long[].class, true));

  public static final RpcMethod FEED = new RpcMethod("todo", "feed", 5, ResultKind.STREAM, TodoModule.Todo.class,
      new RpcParam("limit", int.class, true));

  public static final RpcMethod TITLES = new RpcMethod("todo", "titles", 6, ResultKind.ITERATOR, String.class);

  public static final RpcMethod UPDATES = new RpcMethod("todo", "updates", 7, ResultKind.PUBLISHER, TodoModule.Todo.class);

  public static final RpcMethod EXPORT = new RpcMethod("todo", "export", 8, ResultKind.BYTES, byte[].class,
      new RpcParam("options", generic(Map.class, String.class, Integer.class), true));

  public static final RpcMethod DOWNLOAD = new RpcMethod("todo", "download", 9, ResultKind.INPUT_STREAM, InputStream.class,
      new RpcParam("name", String.class, true));

  public static final RpcMethod COUNT = new RpcMethod("todo", "count", 10, ResultKind.VALUE, int.class,
      new RpcParam("sample", TodoModule.Todo[].class, true));

  public static final RpcMethod FIND = new RpcMethod("todo", "find", 11, ResultKind.VALUE, generic(Optional.class, TodoModule.Todo.class),
      new RpcParam("id", UUID.class, true),
      new RpcParam("hints", generic(Map.class, String.class, generic(Optional.class, generic(List.class, TodoModule.Todo.class))), true),
      new RpcParam("pages", arrayOf(generic(List.class, TodoModule.Todo.class)), true));

  public static final RpcMethod RENAME = new RpcMethod("todo", "rename", 12, ResultKind.VALUE, String.class,
      new RpcParam("client", String.class, true),
      new RpcParam("ADD", String[].class, true));

  /**
   * Every method in declaration order: {@code METHODS.get(i).index() == i}.
   */
  public static final List<RpcMethod> METHODS = List.of(ADD, LIST, CLEAR, PING, BY_OWNER, FEED, TITLES, UPDATES, EXPORT, DOWNLOAD, COUNT, FIND, RENAME);

  private TodoModuleDescriptor() {
  }
}
