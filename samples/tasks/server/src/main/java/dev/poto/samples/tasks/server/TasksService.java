package dev.poto.samples.tasks.server;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.protocol.Upload;
import dev.poto.samples.tasks.api.Attachment;
import dev.poto.samples.tasks.api.ServerInfo;
import dev.poto.samples.tasks.api.Task;
import dev.poto.samples.tasks.api.TasksApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
  private final ConcurrentHashMap<Long, List<Attachment>> attachments = new ConcurrentHashMap<>();
  /** Attachments kept per task: the sample keeps them in memory. */
  static final int MAX_ATTACHMENTS = 20;

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

  /**
   * Reads the upload as it arrives and keeps what it was (name, type, size, SHA-256); a real application
   * would write the bytes to storage here. The server's upload limit bounds the size.
   */
  @Override
  public Attachment attach(long id, Upload file) {
    if (!tasks.containsKey(id)) {
      throw unknownTask(id);
    }
    MessageDigest sha256 = sha256();
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = file.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
        size += n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // the caller went away: the call is cancelled, nothing is kept
    }
    Attachment attachment = new Attachment(id, file.fileName().orElse(null), file.contentType(), size,
        HexFormat.of().formatHex(sha256.digest()));
    List<Attachment> list = attachments.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
    synchronized (list) {
      if (list.size() >= MAX_ATTACHMENTS) {
        throw new RpcException(409, "too_many_attachments", "Task " + id + " has " + MAX_ATTACHMENTS + " attachments");
      }
      list.add(attachment);
    }
    return attachment;
  }

  @Override
  public List<Attachment> attachments(long id) {
    if (!tasks.containsKey(id)) {
      throw unknownTask(id);
    }
    return List.copyOf(attachments.getOrDefault(id, List.of()));
  }

  private static RpcException unknownTask(long id) {
    return new RpcException(404, "unknown_task", "No task " + id);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public Task complete(long id) {
    Task done = tasks.computeIfPresent(id,
        (key, task) -> new Task(task.id(), task.title(), task.note(), true, task.createdBy(), task.createdAt()));
    if (done == null) {
      throw unknownTask(id);
    }
    return done;
  }
}
