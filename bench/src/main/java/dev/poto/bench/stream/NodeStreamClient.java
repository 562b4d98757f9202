package dev.poto.bench.stream;

import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The same stream of records read by the generated TypeScript client in Node: the bench module's
 * generated {@code benchstream.js} and the runtime next to it, against the scenario's server. With
 * {@code --ts-baseline=DIR} (a directory holding another build of the generated client files, e.g.
 * from before a change) both are measured in alternating rounds (A B, B A, ...), so their ratio comes
 * from the same run. Reports wall time and Node's own CPU time per item (which a loaded machine
 * disturbs far less than the wall time).
 */
final class NodeStreamClient {
  private static final String SCRIPT = """
      const [dir, baseUrl, countText] = process.argv.slice(2);
      const { PotoClient } = await import(new URL("poto-runtime.js", dir));
      const { StreamModuleClient } = await import(new URL("benchstream.js", dir));
      const client = new PotoClient({ baseUrl });
      await client.loginAsVisitor();
      const bench = new StreamModuleClient(client);
      const count = Number(countText);
      let seen = 0;
      const started = performance.now();
      const cpu = process.cpuUsage();
      for await (const rec of bench.records(count)) {
        if (rec.seq !== seen) throw new Error(`item ${seen} came as ${rec.seq}`);
        seen++;
      }
      const used = process.cpuUsage(cpu);
      if (seen !== count) throw new Error(`expected ${count} items, got ${seen}`);
      console.log(`${(performance.now() - started) / 1000} ${(used.user + used.system) / 1000}`);
      """;

  private final PrintStream out;

  NodeStreamClient(PrintStream out) {
    this.out = out;
  }

  /** The target for 1,000,000 small records through the TypeScript client in Node, in seconds. */
  static final double TARGET_SECONDS_PER_MILLION = 1.2;

  /**
   * Measures and adds rows to {@code table}; says why and returns when Node or the files are missing.
   * {@code javaSeconds}: the Java client's median time for the same stream in this run, for the ratio.
   */
  void measure(String baseUrl, int items, int runs, Path baseline, double javaSeconds, Table table) throws Exception {
    Path current = generatedClientDir();
    if (current == null) {
      out.println("  TypeScript client NOT RUN: the generated benchstream.js is not in a directory on the class path");
      return;
    }
    if (baseline != null && !Files.isRegularFile(baseline.resolve("benchstream.js"))) {
      out.println("  TypeScript baseline NOT RUN: " + baseline + " has no benchstream.js");
      baseline = null;
    }
    Path script = Files.createTempFile("poto-bench-stream", ".mjs");
    try {
      Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
      try {
        run(script, current, baseUrl, Math.min(items, 200_000)); // warm-up, and the check that Node works
      } catch (IOException e) {
        out.println("  TypeScript client NOT RUN: " + e.getMessage());
        return;
      }
      List<double[]> now = new ArrayList<>();
      List<double[]> before = new ArrayList<>();
      if (baseline != null) {
        run(script, baseline, baseUrl, Math.min(items, 200_000));
      }
      for (int r = 1; r <= runs; r++) {
        boolean baselineFirst = baseline != null && r % 2 == 0;
        if (baselineFirst) {
          before.add(report("baseline", r, run(script, baseline, baseUrl, items), items));
        }
        now.add(report("current", r, run(script, current, baseUrl, items), items));
        if (baseline != null && !baselineFirst) {
          before.add(report("baseline", r, run(script, baseline, baseUrl, items), items));
        }
      }
      row(table, "TS client in Node", now, items, runs);
      double seconds = median(now, 0);
      double target = TARGET_SECONDS_PER_MILLION * items / 1_000_000;
      out.printf("  TypeScript client in Node: %.3f s for %,d items (target <= %.2f s: %s); %sx the Java client's time in"
              + " this run%n", seconds, items, target, seconds <= target ? "met" : "NOT met", Table.fmt(seconds / javaSeconds));
      if (baseline != null) {
        row(table, "TS client in Node, baseline", before, items, runs);
        double wall = median(now, 0) / median(before, 0);
        double cpu = median(now, 1) / median(before, 1);
        out.printf("  TypeScript client current vs baseline, same run: %sx the time, %sx the CPU%n",
            Table.fmt(wall), Table.fmt(cpu));
      }
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private double[] report(String side, int round, double[] measured, int items) {
    out.printf("  node %s run %d: %,d items in %.3f s, %.0f ns of Node CPU per item%n",
        side, round, items, measured[0], measured[1] * 1e9 / items);
    return measured;
  }

  private static void row(Table table, String name, List<double[]> runs, int items, int count) {
    table.row(name + ": time for " + String.format("%,d", items) + " items", Table.fmt(median(runs, 0)), "s", count, "");
    table.row(name + ": Node CPU per item", Table.fmt(median(runs, 1) * 1e9 / items), "ns", count, "");
  }

  private static double median(List<double[]> runs, int index) {
    return Stats.median(runs.stream().map(r -> r[index]).toList());
  }

  /** {seconds, Node CPU seconds} of one read of the stream. */
  private static double[] run(Path script, Path dir, String baseUrl, int items) throws IOException, InterruptedException {
    Process node;
    try {
      node = new ProcessBuilder("node", script.toString(), dir.toUri().toString(), baseUrl, Integer.toString(items))
          .redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("node (20 or newer) is not on PATH", e);
    }
    String printed = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (node.waitFor() != 0) {
      throw new IOException("node failed: " + printed);
    }
    String[] parts = printed.substring(printed.lastIndexOf('\n') + 1).split(" ");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) / 1000};
  }

  /** The directory of the generated TypeScript client (compiled to JS by the build), or null. */
  private static Path generatedClientDir() throws URISyntaxException {
    URL file = NodeStreamClient.class.getResource("/META-INF/poto/client/benchstream.js");
    return file != null && file.getProtocol().equals("file") ? Path.of(file.toURI()).getParent() : null;
  }
}
