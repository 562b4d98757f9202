package dev.poto.bench.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's {@code wrk} with a generated Lua script (method, body, headers) and parses what it
 * prints. Every side of a comparison gets the same threads, connections and duration.
 */
public final class Wrk {
  private final Path binary;
  private final int threads;
  private final int connections;

  private Wrk(Path binary, int threads, int connections) {
    this.binary = binary;
    this.threads = threads;
    this.connections = connections;
  }

  /** The wrk on this machine, or empty with nothing else to do (the caller explains). */
  public static Optional<Wrk> find(int threads, int connections) {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/wrk"), Path.of("/usr/local/bin/wrk")));
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(":")) {
        if (!dir.isEmpty()) {
          candidates.add(Path.of(dir, "wrk"));
        }
      }
    }
    return candidates.stream().filter(Files::isExecutable).findFirst().map(p -> new Wrk(p, threads, connections));
  }

  public static String missingMessage() {
    return "wrk is not installed, so the HTTP load scenarios cannot run. On Debian: apt-get install wrk";
  }

  public String setup() {
    return "wrk -t" + threads + " -c" + connections + " --latency";
  }

  /** One POST load against {@code url}. */
  public record Load(String url, String body, Map<String, String> headers) {}

  /** One run of wrk, with the numbers parsed out of its report. */
  public WrkResult run(Load load, Duration duration) {
    Path script = null;
    try {
      script = Files.createTempFile("poto-bench-", ".lua");
      Files.writeString(script, luaScript(load), StandardCharsets.UTF_8);
      long seconds = Math.max(1, Math.round(duration.toMillis() / 1000.0));
      Process process = new ProcessBuilder(
              binary.toString(), "-t" + threads, "-c" + connections, "-d" + seconds + "s",
              "--timeout", "10s", "--latency", "-s", script.toString(), load.url())
          .redirectErrorStream(true)
          .start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(seconds + 30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("wrk did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("wrk failed (exit " + process.exitValue() + "):\n" + output);
      }
      if (output.contains(script.getFileName().toString() + ":")) { // Lua errors name the script
        throw new IllegalStateException("wrk could not run the generated script:\n" + output);
      }
      return WrkResult.parse(output);
    } catch (IOException e) {
      throw new IllegalStateException("could not run wrk: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while wrk ran", e);
    } finally {
      if (script != null) {
        try {
          Files.deleteIfExists(script);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  static String luaScript(Load load) {
    StringBuilder lua = new StringBuilder("wrk.method = \"POST\"\n");
    lua.append("wrk.body = ").append(longString(load.body())).append('\n');
    load.headers().forEach((name, value) ->
        lua.append("wrk.headers[ ").append(longString(name)).append(" ] = ").append(longString(value)).append('\n'));
    return lua.toString();
  }

  /** A Lua long bracket string, with a level no text inside can close early. */
  private static String longString(String text) {
    String level = "=";
    while (text.contains("]" + level + "]")) {
      level += "=";
    }
    return "[" + level + "[" + text + "]" + level + "]";
  }
}
