package dev.poto.it.cluster;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link ClusterNode} in its own JVM (same java binary and class path as the tests), configured only
 * through its environment and arguments, as a real deployment would be.
 */
final class NodeProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180); // a JVM started under load on a shared 2-core machine
  private static final Pattern READY = Pattern.compile(ClusterNode.READY + " node=\\S+ port=(\\d+)");

  private final String nodeId;
  private final Process process;
  private final Path log;
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();

  private NodeProcess(String nodeId, Process process, Path log) {
    this.nodeId = nodeId;
    this.process = process;
    this.log = log;
    Thread.ofPlatform().daemon().name("node-" + nodeId + "-stdout").start(this::readStdout);
    process.onExit().thenRun(() -> ready.completeExceptionally(
        new IllegalStateException("node " + nodeId + " exited with " + process.exitValue() + " before READY")));
  }

  /** Launches a node on a free port; {@link #awaitReady()} waits until it serves. */
  static NodeProcess launch(String nodeId, String sessions, Map<String, String> env, Path dir) {
    return launch(nodeId, sessions, env, dir, 0);
  }

  /** Launches a node on {@code port} (0: a free one), e.g. again on the port a stopped node had. */
  static NodeProcess launch(String nodeId, String sessions, Map<String, String> env, Path dir, int port) {
    String java = ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot tell which java binary runs the tests"));
    List<String> command = new ArrayList<>(List.of(java,
        "-cp", System.getProperty("java.class.path"),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:CICompilerCount=2", // small: the test machine's cores are shared
        "-Dorg.slf4j.simpleLogger.showDateTime=true",
        "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", // wall clock, to line up with nginx's logs
        ClusterNode.class.getName(), "--node", nodeId, "--port", Integer.toString(port), "--sessions", sessions));
    Path log = dir.resolve("node-" + nodeId + ".log");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().keySet().removeIf(name -> name.startsWith("POTO_"));
    builder.environment().putAll(env);
    try {
      return new NodeProcess(nodeId, builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot launch node " + nodeId, e);
    }
  }

  private void readStdout() {
    try (BufferedReader out = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null) {
        Matcher m = READY.matcher(line);
        if (m.find()) {
          ready.complete(Integer.parseInt(m.group(1)));
        }
        Files.writeString(log, "[stdout] " + line + "\n", StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      }
    } catch (IOException ignored) {
      // the process is gone; onExit reports it
    }
  }

  /** Waits for the READY line; fails with the node's log when it exits or takes too long. */
  int awaitReady() {
    try {
      return ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("node " + nodeId + " did not start: "
          + (e.getCause() != null ? e.getCause().getMessage() : "no READY in " + START_TIMEOUT) + "\n" + log(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  String nodeId() {
    return nodeId;
  }

  int port() {
    return ready.join();
  }

  String url() {
    return "http://127.0.0.1:" + port();
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, like a crashed machine: no shutdown hook runs. Waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("node " + nodeId + " survived SIGKILL");
    }
  }

  String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
    } catch (IOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /**
   * SIGTERM, as an orchestrator stops a node for a restart: the node drains (graceful shutdown) and
   * exits. Waits until it is gone; fails if it needs longer than {@code timeout}.
   */
  void terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("node " + nodeId + " did not stop within " + timeout + " of SIGTERM\n" + log());
    }
  }

  /** SIGTERM (the node stops its server and closes its session store), then SIGKILL if it lingers. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
