package dev.poto.samples.tasks.server;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.samples.tasks.api.ServerInfo;
import dev.poto.samples.tasks.api.Task;
import dev.poto.samples.tasks.api.TasksApi;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The server side of {@link TasksApi}. It carries no Poto annotation: the processor finds it because it
 * implements an {@code @RpcModule} interface, and writes {@code TasksServiceDispatcher}. Who may call
 * what is the interface's business.
 */
public class TasksService implements TasksApi {
  private final ConcurrentSkipListMap<Long, Task> tasks = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  @Override
  public ServerInfo info() {
    return new ServerInfo("tasks", tasks.size());
  }

  @Override
  public Task add(String title, @Nullable String note) {
    if (title.isBlank()) {
      throw new RpcException(400, "blank_title", "A task needs a title");
    }
    long id = ids.incrementAndGet();
    Task task = new Task(id, title, note, false, Poto.currentUser().id(), Instant.now());
    tasks.put(id, task);
    return task;
  }

  @Override
  public List<Task> list(@Nullable Boolean open) {
    return tasks.values().stream().filter(task -> open == null || task.done() != open).toList();
  }

  @Override
  public Task complete(long id) {
    Task done = tasks.computeIfPresent(id,
        (key, task) -> new Task(task.id(), task.title(), task.note(), true, task.createdBy(), task.createdAt()));
    if (done == null) {
      throw new RpcException(404, "unknown_task", "No task " + id);
    }
    return done;
  }
}
