package dev.poto.samples.tasks.api;

import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tasks API: the contract between the tasks server and its clients. Compiling this artifact writes
 * {@code TasksApiClient} (which implements this interface), the TypeScript client and the descriptor
 * into its jar; the server implements the interface and gets the dispatcher.
 */
@RpcModule("tasks")
public interface TasksApi {

  /** What the server is; callable without logging in. */
  @Rpc
  @Public
  ServerInfo info();

  /** Adds an open task. */
  @Rpc
  Task add(String title, @Nullable String note);

  /** All tasks, oldest first; with {@code open} set, only the tasks whose state is that. */
  @Rpc
  @Public
  List<Task> list(@Nullable Boolean open);

  /** Marks a task done; answers 404 {@code unknown_task} for an id that does not exist. */
  @Rpc
  Task complete(long id);
}
