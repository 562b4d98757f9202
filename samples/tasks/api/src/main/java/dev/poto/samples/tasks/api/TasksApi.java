package dev.poto.samples.tasks.api;

import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.Upload;
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

  /**
   * Attaches a file to a task: the upload is the request body, streamed to the server, with its media
   * type and file name (a Java client sends a Path, byte[] or InputStream; a browser a File or Blob).
   */
  @Rpc
  Attachment attach(long id, Upload file);

  /** The files attached to a task, oldest first. */
  @Rpc
  @Public
  List<Attachment> attachments(long id);
}
