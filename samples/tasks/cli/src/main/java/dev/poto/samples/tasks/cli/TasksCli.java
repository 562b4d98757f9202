package dev.poto.samples.tasks.cli;

import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.Upload;
import dev.poto.samples.tasks.api.Attachment;
import dev.poto.samples.tasks.api.Task;
import dev.poto.samples.tasks.api.TasksApi;
import dev.poto.samples.tasks.api.TasksApiClient;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A command-line client of the tasks server. It depends on the tasks API jar alone (which brings
 * {@code poto-client}): nothing of the server is on its class path. It codes against {@link TasksApi};
 * the generated {@link TasksApiClient} implements it over HTTP.
 *
 * <pre>
 * tasks [--server URL] info | list [open|done] | add TITLE [NOTE] | complete ID
 * </pre>
 *
 * The server defaults to {@code $TASKS_SERVER}, else {@code http://localhost:8080}.
 */
public final class TasksCli {
  private static final String USAGE = "usage: tasks [--server URL] info | list [open|done] | add TITLE [NOTE] | complete ID | attach ID FILE";

  private TasksCli() {}

  public static void main(String[] args) {
    String fallback = System.getenv().getOrDefault("TASKS_SERVER", "http://localhost:8080");
    System.exit(run(args, fallback, System.out, System.err));
  }

  /** Runs one command; returns the process exit code (0 done, 1 the server refused, 2 bad usage). */
  public static int run(String[] args, String defaultServer, PrintStream out, PrintStream err) {
    List<String> words = Arrays.asList(args);
    String server = defaultServer;
    if (words.size() >= 2 && words.getFirst().equals("--server")) {
      server = words.get(1);
      words = words.subList(2, words.size());
    }
    if (words.isEmpty()) {
      err.println(USAGE);
      return 2;
    }
    try (PotoClient poto = PotoClient.create(server)) {
      TasksApi tasks = new TasksApiClient(poto);
      return switch (words.getFirst()) {
        case "info" -> print(out, tasks.info().name() + ": " + tasks.info().tasks() + " tasks");
        case "list" -> list(tasks, words, out, err);
        case "add" -> {
          if (words.size() < 2 || words.size() > 3) {
            yield usage(err);
          }
          poto.loginAsVisitor();
          yield print(out, line(tasks.add(words.get(1), words.size() == 3 ? words.get(2) : null)));
        }
        case "complete" -> {
          if (words.size() != 2 || !words.get(1).matches("[0-9]{1,18}")) {
            yield usage(err);
          }
          poto.loginAsVisitor();
          yield print(out, line(tasks.complete(Long.parseLong(words.get(1)))));
        }
        case "attach" -> {
          if (words.size() != 3 || !words.get(1).matches("[0-9]{1,18}") || !Files.isRegularFile(Path.of(words.get(2)))) {
            yield usage(err);
          }
          poto.loginAsVisitor();
          Attachment attached = tasks.attach(Long.parseLong(words.get(1)), Upload.of(Path.of(words.get(2))));
          yield print(out, "#" + attached.taskId() + " + " + attached.fileName() + " (" + attached.contentType() + ", "
              + attached.size() + " bytes, sha256 " + attached.sha256() + ")");
        }
        default -> usage(err);
      };
    } catch (RpcException e) {
      err.println("tasks: " + e.status() + " " + e.code() + ": " + e.getMessage());
      return 1;
    }
  }

  private static int list(TasksApi tasks, List<String> words, PrintStream out, PrintStream err) {
    Boolean open = null;
    if (words.size() == 2 && (words.get(1).equals("open") || words.get(1).equals("done"))) {
      open = words.get(1).equals("open");
    } else if (words.size() != 1) {
      return usage(err);
    }
    for (Task task : tasks.list(open)) {
      out.println(line(task));
    }
    return 0;
  }

  static String line(Task task) {
    return "#" + task.id() + " [" + (task.done() ? "x" : " ") + "] " + task.title()
        + (task.note() == null ? "" : " (" + task.note() + ")");
  }

  private static int print(PrintStream out, String line) {
    out.println(line);
    return 0;
  }

  private static int usage(PrintStream err) {
    err.println(USAGE);
    return 2;
  }
}
