package com.example;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.stream.Stream;

/** The representative module of the golden-file and behaviour tests. */
@RpcModule("todo")
@Roles("user")
public class TodoModule {
  public record Todo(String title, boolean done) {}

  private final List<Todo> todos = new ArrayList<>();

  /** Not an @Rpc method: must not appear in the dispatcher. */
  public String notExposed() {
    return "hidden";
  }

  /**
   * Adds a todo at the end of the list.
   *
   * @param title what to do
   * @param note an optional remark, appended in parentheses
   * @param priority negative marks the todo as done
   * @return the stored todo
   */
  @Rpc
  public Todo add(String title, @Nullable String note, int priority) {
    Todo todo = new Todo(note == null ? title : title + " (" + note + ")", priority < 0);
    todos.add(todo);
    return todo;
  }

  @Rpc
  public List<Todo> list(Optional<String> filter) {
    return todos.stream().filter(t -> filter.map(t.title()::contains).orElse(true)).toList();
  }

  @Rpc
  public void clear() {
    todos.clear();
  }

  @Rpc
  @Public
  public String ping() {
    return "pong";
  }

  @Rpc
  @Roles({"admin", "ops"})
  public Map<String, List<Todo>> byOwner(Set<String> owners, long[] ids) {
    Map<String, List<Todo>> result = new LinkedHashMap<>();
    owners.stream().sorted().forEach(owner -> result.put(owner, List.copyOf(todos)));
    return result;
  }

  @Rpc
  public Stream<Todo> feed(int limit) {
    return todos.stream().limit(limit);
  }

  @Rpc
  public Iterator<String> titles() {
    return todos.stream().map(Todo::title).iterator();
  }

  @Rpc
  public Flow.Publisher<Todo> updates() {
    return new SubmissionPublisher<>();
  }

  @Rpc
  public byte[] export(Map<String, Integer> options) {
    return ("todos:" + todos.size()).getBytes(StandardCharsets.UTF_8);
  }

  @Rpc
  public InputStream download(String name) {
    return new ByteArrayInputStream(name.getBytes(StandardCharsets.UTF_8));
  }

  @Rpc
  public int count(Todo[] sample) {
    return todos.size() + sample.length;
  }

  @Rpc
  public Optional<Todo> find(UUID id, Map<String, Optional<List<Todo>>> hints, List<Todo>[] pages) {
    return todos.stream().findFirst();
  }

  @Rpc
  public String rename(String client, String... ADD) {
    return client + ":" + String.join(",", ADD);
  }
}
