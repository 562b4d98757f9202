package com.example;

import dev.poto.client.PotoClient;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.annotation.processing.Generated;

/**
 * Calls {@link TodoModule} over a {@link PotoClient}.
 */
@Generated("dev.poto.processor.PotoProcessor")
public final class TodoModuleClient {
  private final PotoClient client;

  public TodoModuleClient(PotoClient client) {
    if (client == null) {
      throw new NullPointerException("client");
    }
    this.client = client;
  }

  /**
   * Adds a todo at the end of the list.
   *
   * @param title what to do
   * @param note an optional remark, appended in parentheses
   * @param priority negative marks the todo as done
   * @return the stored todo
   */
  public TodoModule.Todo add(String title, @Nullable String note, int priority) {
    return this.client.<TodoModule.Todo>call(TodoModuleDescriptor.ADD, new Object[] {title, note, priority});
  }

  public List<TodoModule.Todo> list(Optional<String> filter) {
    return this.client.<List<TodoModule.Todo>>call(TodoModuleDescriptor.LIST, new Object[] {filter});
  }

  public void clear() {
    this.client.<Void>call(TodoModuleDescriptor.CLEAR, new Object[] {});
  }

  public String ping() {
    return this.client.<String>call(TodoModuleDescriptor.PING, new Object[] {});
  }

  public Map<String, List<TodoModule.Todo>> byOwner(Set<String> owners, long[] ids) {
    return this.client.<Map<String, List<TodoModule.Todo>>>call(TodoModuleDescriptor.BY_OWNER, new Object[] {owners, ids});
  }

  public Stream<TodoModule.Todo> feed(int limit) {
    return this.client.<TodoModule.Todo>stream(TodoModuleDescriptor.FEED, new Object[] {limit});
  }

  public Stream<String> titles() {
    return this.client.<String>stream(TodoModuleDescriptor.TITLES, new Object[] {});
  }

  public Stream<TodoModule.Todo> updates() {
    return this.client.<TodoModule.Todo>stream(TodoModuleDescriptor.UPDATES, new Object[] {});
  }

  public byte[] export(Map<String, Integer> options) {
    return this.client.bytes(TodoModuleDescriptor.EXPORT, new Object[] {options});
  }

  public InputStream download(String name) {
    return this.client.inputStream(TodoModuleDescriptor.DOWNLOAD, new Object[] {name});
  }

  public int count(TodoModule.Todo[] sample) {
    return this.client.<Integer>call(TodoModuleDescriptor.COUNT, new Object[] {sample});
  }

  public Optional<TodoModule.Todo> find(UUID id, Map<String, Optional<List<TodoModule.Todo>>> hints,
      List<TodoModule.Todo>[] pages) {
    return this.client.<Optional<TodoModule.Todo>>call(TodoModuleDescriptor.FIND, new Object[] {id, hints, pages});
  }

  public String rename(String client, String... ADD) {
    return this.client.<String>call(TodoModuleDescriptor.RENAME, new Object[] {client, ADD});
  }
}
