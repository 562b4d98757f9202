package com.example;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.client.PotoClient;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.annotation.processing.Generated;

@Generated("dev.poto.processor.PotoProcessor")
public final class TodoModuleClient {
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

  private final PotoClient client;

  public TodoModuleClient(PotoClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  public TodoModule.Todo add(String title, String note, int priority) {
    return client.call(ADD, title, note, priority);
  }

  public List<TodoModule.Todo> list(Optional<String> filter) {
    return client.call(LIST, filter);
  }

  public void clear() {
    client.call(CLEAR);
  }

  public String ping() {
    return client.call(PING);
  }

  public Map<String, List<TodoModule.Todo>> byOwner(Set<String> owners, long[] ids) {
    return client.call(BY_OWNER, owners, ids);
  }

  public Stream<TodoModule.Todo> feed(int limit) {
    return client.stream(FEED, limit);
  }

  public Stream<String> titles() {
    return client.stream(TITLES);
  }

  public Stream<TodoModule.Todo> updates() {
    return client.stream(UPDATES);
  }

  public byte[] export(Map<String, Integer> options) {
    return client.bytes(EXPORT, options);
  }

  public InputStream download(String name) {
    return client.inputStream(DOWNLOAD, name);
  }

  public int count(TodoModule.Todo[] sample) {
    return client.call(COUNT, (Object) sample);
  }

  public Optional<TodoModule.Todo> find(UUID id, Map<String, Optional<List<TodoModule.Todo>>> hints,
      List<TodoModule.Todo>[] pages) {
    return client.call(FIND, id, hints, pages);
  }

  public String rename(String client_, String... ADD_) {
    return client.call(RENAME, client_, ADD_);
  }
}
