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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The same stream of records read by the generated TypeScript client, in Node and (where it is
 * installed, or with {@code --ts-runtime=bun}) in Bun: the bench module's generated
 * {@code benchstream.js} and the runtime next to it, against the scenario's server. In the same
 * alternating rounds (A B C, C B A, ...) a raw reader reads the same stream over the transport the client
 * uses there (Node's {@code node:http}, Bun's {@code fetch}) and only counts its lines: the floor that the
 * transport and the server set, which no client goes below. With
 * {@code --ts-baseline=DIR} (another build of the generated client files, e.g. from before a change) that
 * build is measured in the same rounds, so every ratio comes from one run. Reports wall time and the
 * runtime's own CPU time per item (which a loaded machine disturbs far less than the wall time). Each
 * build of the client reads the stream twice per round: on a request of its own (direct, the default
 * outside browsers) and over a shared {@code _streams} connection (a browser's default), so the two
 * transports compare in the same run.
 */
final class TypeScriptStreamClient {
  /**
   * The start of a Node/Bun bench script, after its arguments {@code dir} and {@code baseUrl} and the
   * client's {@code streams} option: the generated client, logged in as a visitor, as {@code bench};
   * {@code request} is the last request it sent (its URL and headers, which the raw readers send again).
   */
  static final String LOGGED_IN_BENCH_CLIENT = """
      const { PotoClient } = await import(new URL("poto-runtime.js", dir));
      const { StreamModuleClient } = await import(new URL("benchstream.js", dir));
      let request;
      const client = new PotoClient({ baseUrl, streams, interceptors: [(next) => (req) => { request = req; return next(req); }] });
      await client.loginAsVisitor();
      const bench = new StreamModuleClient(client);
      """;

  private static final String SCRIPT = """
      const [dir, baseUrl, countText, mode] = process.argv.slice(2);
      // "shared": the streams over one shared connection (a browser's default), as the page transport
      const streams = mode === "shared" ? "page" : "direct";
      """ + LOGGED_IN_BENCH_CLIENT + """
      const count = Number(countText);
      let seen = 0;
      let started;
      let cpu;
      if (mode === "raw") {
        for await (const _ of bench.records(1)) seen++; // the stream call's URL and headers, as the client sends them
        seen = 0;
        started = performance.now();
        cpu = process.cpuUsage();
        const lines = (chunk) => {
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) seen++;
        };
        if (process.versions.bun === undefined) {
          // Node: its own HTTP client, which the generated client uses for streams there (poto-node-http.ts)
          const http = await import("node:http");
          const headers = Object.fromEntries(request.header);
          await new Promise((resolve, reject) => {
            const sent = http.request(request.url, { method: "POST", headers }, (answer) => {
              answer.on("data", lines).on("end", resolve).on("error", reject);
            });
            sent.on("error", reject).end(JSON.stringify({ count }));
          });
        } else {
          const response = await fetch(request.url, { method: "POST", headers: request.header, body: JSON.stringify({ count }) });
          const reader = response.body.getReader();
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            lines(value);
          }
        }
        seen = Math.floor(seen / 3); // an item is three lines: event, data, blank (the end frame adds one)
      } else {
        started = performance.now();
        cpu = process.cpuUsage();
        for await (const rec of bench.records(count)) {
          if (rec.seq !== seen) throw new Error(`item ${seen} came as ${rec.seq}`);
          seen++;
        }
        client.close(); // the shared connection, if one was opened: the process can then exit
      }
      const used = process.cpuUsage(cpu);
      if (seen < count) throw new Error(`expected ${count} items, got ${seen}`);
      console.log(`${(performance.now() - started) / 1000} ${(used.user + used.system) / 1000}`);
      """;

  /** Bun's version, installed on demand with npm when asked for and not found. */
  static final String BUN_VERSION = "1.4.5";

  /** A JavaScript runtime that runs the script, and the figure the client aims at in it. */
  record Runtime(String name, String command, double targetSecondsPerMillion) {}

  /** The target for 1,000,000 small records through the TypeScript client in Node, in seconds. */
  static final double NODE_TARGET_SECONDS_PER_MILLION = 1.2;
  /** The same in Bun. */
  static final double BUN_TARGET_SECONDS_PER_MILLION = 0.8;

  private final PrintStream out;

  TypeScriptStreamClient(PrintStream out) {
    this.out = out;
  }

  /**
   * The runtimes to measure: Node, and Bun when it is on PATH or installed by an earlier run;
   * {@code names} (from {@code --ts-runtime}) picks them, installing Bun if it is named and missing.
   */
  List<Runtime> runtimes(List<String> names) {
    List<Runtime> runtimes = new ArrayList<>();
    boolean bunAsked = names != null && names.contains("bun");
    if (names == null || names.contains("node")) {
      runtimes.add(new Runtime("Node", "node", NODE_TARGET_SECONDS_PER_MILLION));
    }
    if (names == null || bunAsked) {
      String bun = findBun(bunAsked);
      if (bun != null) {
        runtimes.add(new Runtime("Bun", bun, BUN_TARGET_SECONDS_PER_MILLION));
      } else {
        out.println("  Bun NOT RUN: not on PATH and not installed" + (bunAsked ? " (the install failed, see above)"
            : "; ./poto bench stream --ts-runtime=node,bun installs bun@" + BUN_VERSION + " with npm under bench/target"));
      }
    }
    return runtimes;
  }

  /**
   * Measures each runtime and adds rows to {@code table}; says why and returns when a runtime or the
   * files are missing. {@code javaSeconds}: the Java client's median time for the same stream in this run.
   */
  void measure(String baseUrl, int items, int runs, Path baseline, List<Runtime> runtimes, double javaSeconds, Table table)
      throws Exception {
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
      for (Runtime runtime : runtimes) {
        measure(runtime, script, baseUrl, items, runs, current, baseline, javaSeconds, table);
      }
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private void measure(Runtime runtime, Path script, String baseUrl, int items, int runs, Path current, Path baseline,
      double javaSeconds, Table table) throws Exception {
    Map<String, Reader> readers = new LinkedHashMap<>();
    readers.put("raw reader", new Reader(runtime, script, current, baseUrl, "raw"));
    readers.put("current", new Reader(runtime, script, current, baseUrl, "client"));
    readers.put("current, shared", new Reader(runtime, script, current, baseUrl, "shared"));
    if (baseline != null) {
      readers.put("baseline", new Reader(runtime, script, baseline, baseUrl, "client"));
      readers.put("baseline, shared", new Reader(runtime, script, baseline, baseUrl, "shared"));
    }
    try {
      for (Reader reader : readers.values()) {
        reader.run(Math.min(items, 200_000)); // warm-up, and the check that the runtime works
      }
    } catch (IOException e) {
      out.println("  TypeScript client in " + runtime.name() + " NOT RUN: " + e.getMessage());
      return;
    }
    Map<String, List<double[]>> measured = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(readers.keySet());
    for (int r = 1; r <= runs; r++) {
      for (String side : order) {
        double[] result = readers.get(side).run(items);
        measured.computeIfAbsent(side, s -> new ArrayList<>()).add(result);
        out.printf("  %s %s run %d: %,d items in %.3f s, %.0f ns of %s CPU per item%n", runtime.name().toLowerCase(), side, r,
            items, result[0], result[1] * 1e9 / items, runtime.name());
      }
      java.util.Collections.reverse(order); // A B C, C B A, ...: no side always goes first
    }
    String label = "TS client in " + runtime.name();
    row(table, label, measured.get("current"), items, runs, runtime);
    String transport = runtime.name().equals("Node") ? "node:http" : "fetch";
    row(table, "raw reader (" + transport + ", count lines) in " + runtime.name(), measured.get("raw reader"), items, runs,
        runtime);
    double seconds = median(measured.get("current"), 0);
    double floor = median(measured.get("raw reader"), 0);
    double target = runtime.targetSecondsPerMillion() * items / 1_000_000;
    out.printf("  TypeScript client in %s: %.3f s for %,d items (target <= %.2f s: %s); the raw reader's floor in this run"
            + " %.3f s; %sx the Java client's time in this run%n", runtime.name(), seconds, items, target,
        seconds <= target ? "met" : "NOT met", floor, Table.fmt(seconds / javaSeconds));
    out.printf("  %s CPU per item: client %.0f ns, raw reader %.0f ns (the client's own work: %.0f ns)%n", runtime.name(),
        median(measured.get("current"), 1) * 1e9 / items, median(measured.get("raw reader"), 1) * 1e9 / items,
        (median(measured.get("current"), 1) - median(measured.get("raw reader"), 1)) * 1e9 / items);
    row(table, label + ", shared connection", measured.get("current, shared"), items, runs, runtime);
    double shared = median(measured.get("current, shared"), 0);
    out.printf("  TypeScript client in %s over the shared connection (a browser's default): %.3f s, %.0f ns of CPU per"
            + " item; %sx the time and %sx the CPU of the direct stream in this run%n", runtime.name(), shared,
        median(measured.get("current, shared"), 1) * 1e9 / items, Table.fmt(shared / seconds),
        Table.fmt(median(measured.get("current, shared"), 1) / median(measured.get("current"), 1)));
    if (baseline != null) {
      row(table, label + ", baseline", measured.get("baseline"), items, runs, runtime);
      row(table, label + ", shared connection, baseline", measured.get("baseline, shared"), items, runs, runtime);
      compare(runtime, "", measured.get("current"), measured.get("baseline"));
      compare(runtime, " over the shared connection", measured.get("current, shared"), measured.get("baseline, shared"));
    }
  }

  private void compare(Runtime runtime, String transport, List<double[]> current, List<double[]> baseline) {
    out.printf("  TypeScript client in %s%s, current vs baseline, same run: %sx the time, %sx the CPU%n", runtime.name(),
        transport, Table.fmt(median(current, 0) / median(baseline, 0)), Table.fmt(median(current, 1) / median(baseline, 1)));
  }

  /** One way of reading the stream in one runtime: the generated client from a directory, or the raw reader. */
  private record Reader(Runtime runtime, Path script, Path dir, String baseUrl, String mode) {
    /** {seconds, CPU seconds of the runtime} of one read of the stream. */
    double[] run(int items) throws IOException, InterruptedException {
      Process process;
      try {
        process = new ProcessBuilder(runtime.command(), script.toString(), dir.toUri().toString(), baseUrl,
            Integer.toString(items), mode).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IOException(runtime.command() + " could not be started (Node 20 or newer must be on PATH)", e);
      }
      String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (process.waitFor() != 0) {
        throw new IOException(runtime.command() + " failed: " + printed);
      }
      String[] parts = printed.substring(printed.lastIndexOf('\n') + 1).split(" ");
      return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) / 1000};
    }
  }

  private static void row(Table table, String name, List<double[]> runs, int items, int count, Runtime runtime) {
    table.row(name + ": time for " + String.format("%,d", items) + " items", Table.fmt(median(runs, 0)), "s", count, "");
    table.row(name + ": " + runtime.name() + " CPU per item", Table.fmt(median(runs, 1) * 1e9 / items), "ns", count, "");
  }

  private static double median(List<double[]> runs, int index) {
    return Stats.median(runs.stream().map(r -> r[index]).toList());
  }

  /** Bun on PATH, or installed under bench/target by an earlier run; installed there now if {@code install}. */
  private String findBun(boolean install) {
    if (works("bun")) {
      return "bun";
    }
    Path target = benchTarget();
    if (target == null) {
      return null;
    }
    Path prefix = target.resolve("bun");
    Path bun = prefix.resolve("node_modules/.bin/bun");
    if (Files.isExecutable(bun) && works(bun.toString())) {
      return bun.toString();
    }
    if (!install) {
      return null;
    }
    out.println("  installing bun@" + BUN_VERSION + " with npm under " + prefix);
    try {
      Files.createDirectories(prefix);
      Process npm = new ProcessBuilder("npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix", prefix.toString(),
          "bun@" + BUN_VERSION).redirectErrorStream(true).start();
      String printed = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (npm.waitFor() != 0) {
        out.println("  npm could not install bun: " + printed.strip());
        return null;
      }
    } catch (IOException e) {
      out.println("  npm could not install bun: " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return Files.isExecutable(bun) && works(bun.toString()) ? bun.toString() : null;
  }

  private static boolean works(String command) {
    try {
      Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      process.getInputStream().readAllBytes();
      return process.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** bench/target (where the bench's classes are), or null when they are not in a directory. */
  private static Path benchTarget() {
    try {
      Path dir = generatedClientDir(); // bench/target/classes/META-INF/poto/client
      return dir == null ? null : dir.getParent().getParent().getParent().getParent();
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The directory of the generated TypeScript client (compiled to JS by the build), or null. */
  private static Path generatedClientDir() throws URISyntaxException {
    URL file = TypeScriptStreamClient.class.getResource("/META-INF/poto/client/benchstream.js");
    return file != null && file.getProtocol().equals("file") ? Path.of(file.toURI()).getParent() : null;
  }
}
