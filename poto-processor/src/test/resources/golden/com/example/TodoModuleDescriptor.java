package com.example;

import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcMethodTable;
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
  /**
   * Every method in declaration order, {@code METHODS.get(i).index() == i}: the table's method lines,
   * read once by {@link RpcMethodTable}.
   */
  public static final List<RpcMethod> METHODS = RpcMethodTable.decode("todo", """
      VALUE Todo add(String title, String? note, int priority)
      VALUE List<Todo> list(Optional<String>? filter)
      VOID void clear()
      VALUE String ping()
      VALUE Map<String, List<Todo>> byOwner(Set<String> owners, long[] ids)
      STREAM Todo feed(int limit)
      ITERATOR String titles()
      PUBLISHER Todo updates()
      BYTES byte[] export(Map<String, Integer> options)
      INPUT_STREAM InputStream download(String name)
      VALUE int count(Todo[] sample)
      VALUE Optional<Todo> find(UUID id, Map<String, Optional<List<Todo>>?> hints, List<Todo>[] pages)
      VALUE String rename(String client, String[] ADD)
      """,
      TodoModule.Todo.class, String.class, List.class, Optional.class, Map.class, Set.class,
          Integer.class, InputStream.class, UUID.class);

  public static final RpcMethod ADD = METHODS.get(0);

  public static final RpcMethod LIST = METHODS.get(1);

  public static final RpcMethod CLEAR = METHODS.get(2);

  public static final RpcMethod PING = METHODS.get(3);

  public static final RpcMethod BY_OWNER = METHODS.get(4);

  public static final RpcMethod FEED = METHODS.get(5);

  public static final RpcMethod TITLES = METHODS.get(6);

  public static final RpcMethod UPDATES = METHODS.get(7);

  public static final RpcMethod EXPORT = METHODS.get(8);

  public static final RpcMethod DOWNLOAD = METHODS.get(9);

  public static final RpcMethod COUNT = METHODS.get(10);

  public static final RpcMethod FIND = METHODS.get(11);

  public static final RpcMethod RENAME = METHODS.get(12);

  private TodoModuleDescriptor() {
  }
}
