package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Node programs for the wire tests: the npm packages come from {@code it/package-lock.json}
 * ({@code npm ci} runs in the Maven build when node_modules is missing, see it/pom.xml).
 */
final class NodeTools {
  private NodeTools() {}

  /** The it module's folder: surefire runs in it. */
  static final Path BASEDIR = Path.of("").toAbsolutePath();
  /** Where poto-processor wrote the TypeScript client of the it modules. */
  static final Path CLIENT_DIR = BASEDIR.resolve("target/classes/META-INF/poto/client");
  static final Path NODE_MODULES = BASEDIR.resolve("node_modules");
  static final Path TESTS = BASEDIR.resolve("src/test/js/wire");

  record Result(int exitCode, String output) {}

  /** Runs {@code node args...} in {@code dir} with extra environment; returns exit code and output. */
  static Result node(Path dir, Map<String, String> env, long timeoutSeconds, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("node");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    // Read while it runs, so a chatty process never blocks on a full pipe.
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(output unreadable: " + e + ")";
      }
    });
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("node " + String.join(" ", args) + " did not finish within " + timeoutSeconds + " s:\n" + output.getNow("(no output)"));
    }
    try {
      return new Result(process.exitValue(), output.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      return new Result(process.exitValue(), "(output unreadable: " + e + ")");
    }
  }

  static void requireNodeModules(String... packages) {
    for (String name : packages) {
      assertThat(NODE_MODULES.resolve(name))
          .as("npm package %s is installed by the Maven build (npm ci in it/); run ./poto mvn -pl it -am verify", name)
          .isDirectory();
    }
  }

  static void requireGeneratedClient(String... files) {
    for (String file : files) {
      assertThat(CLIENT_DIR.resolve(file)).as("poto-processor writes the TypeScript client at compile time").isRegularFile();
    }
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
  }
}
