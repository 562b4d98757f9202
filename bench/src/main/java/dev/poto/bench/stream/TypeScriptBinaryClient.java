package dev.poto.bench.stream;

import dev.poto.bench.support.Stats;
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
 * The binary result read by the generated TypeScript client in Node ({@code blob(bytes)}, a
 * {@code ReadableStream<Uint8Array>}), and in the same alternating rounds by a raw reader: {@code fetch}
 * with the same URL and headers, its body's reader, bytes counted. The gap is what the client adds on top
 * of Node's fetch; each side reports MB/s, Node's CPU per MB and the chunks it handed over.
 */
final class TypeScriptBinaryClient {
  private static final String SCRIPT = """
      const [dir, baseUrl, bytesText, mode] = process.argv.slice(2);
      const streams = "direct";
      """ + TypeScriptStreamClient.LOGGED_IN_BENCH_CLIENT + """
      const bytes = Number(bytesText);
      async function drain(body) {
        const reader = body.getReader();
        let seen = 0, chunks = 0;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return [seen, chunks];
          seen += value.byteLength;
          chunks++;
        }
      }
      await drain(await bench.blob(1)); // the call's URL and headers, as the client sends them
      const started = performance.now();
      const cpu = process.cpuUsage();
      const [seen, chunks] = mode === "raw"
        ? await drain((await fetch(request.url, { method: "POST", headers: request.header, body: JSON.stringify({ bytes }) })).body)
        : await drain(await bench.blob(bytes));
      const used = process.cpuUsage(cpu);
      if (seen !== bytes) throw new Error(`expected ${bytes} bytes, got ${seen}`);
      console.log(`${(performance.now() - started) / 1000} ${(used.user + used.system) / 1000} ${chunks}`);
      """;

  private final PrintStream out;

  TypeScriptBinaryClient(PrintStream out) {
    this.out = out;
  }

  /** Reads {@code bytes} with both readers in {@code rounds} alternating rounds and prints the comparison. */
  void measure(String baseUrl, long bytes, int rounds) throws Exception {
    URL file = TypeScriptBinaryClient.class.getResource("/META-INF/poto/client/benchstream.js");
    Path dir = file != null && file.getProtocol().equals("file") ? directoryOf(file) : null;
    if (dir == null) {
      out.println("  TypeScript client NOT RUN: the generated benchstream.js is not in a directory on the class path");
      return;
    }
    Path script = Files.createTempFile("poto-bench-binary", ".mjs");
    try {
      Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
      Map<String, List<double[]>> measured = new LinkedHashMap<>();
      List<String> order = new ArrayList<>(List.of("TS client (blob(), ReadableStream)", "raw fetch reader"));
      try {
        for (String side : order) {
          run(script, dir, baseUrl, Math.min(bytes, 20L << 20), side); // warm-up, and the check that Node works
        }
      } catch (IOException e) {
        out.println("  TypeScript client in Node NOT RUN: " + e.getMessage());
        return;
      }
      for (int round = 1; round <= rounds; round++) {
        for (String side : order) {
          double[] result = run(script, dir, baseUrl, bytes, side);
          measured.computeIfAbsent(side, s -> new ArrayList<>()).add(result);
          out.printf("  node, round %d, %s: %.3f s = %,.0f MB/s; %.2f ms of Node CPU per MB; %,.0f chunks of %,.0f B%n",
              round, side, result[0], bytes / 1e6 / result[0], result[1] * 1e3 / (bytes / 1e6), result[2],
              bytes / result[2]);
        }
        java.util.Collections.reverse(order);
      }
      out.println();
      for (Map.Entry<String, List<double[]>> side : measured.entrySet()) {
        out.printf("  Node, %s: %,.0f MB/s, %.2f ms of Node CPU per MB (medians of %d)%n", side.getKey(),
            bytes / 1e6 / median(side.getValue(), 0), median(side.getValue(), 1) * 1e3 / (bytes / 1e6), rounds);
      }
      List<double[]> client = measured.get("TS client (blob(), ReadableStream)");
      List<double[]> raw = measured.get("raw fetch reader");
      out.printf("  the TypeScript client in Node reads at %.2fx the raw fetch reader's rate, with %.2fx its CPU%n",
          median(raw, 0) / median(client, 0), median(client, 1) / median(raw, 1));
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Path directoryOf(URL file) throws URISyntaxException {
    return Path.of(file.toURI()).getParent();
  }

  /** {seconds, Node CPU seconds, chunks} of one read. */
  private static double[] run(Path script, Path dir, String baseUrl, long bytes, String side)
      throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder("node", script.toString(), dir.toUri().toString(), baseUrl, Long.toString(bytes),
          side.startsWith("raw") ? "raw" : "client").redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IOException("node could not be started (Node 20 or newer must be on PATH)", e);
    }
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (process.waitFor() != 0) {
      throw new IOException("node failed: " + printed);
    }
    String[] parts = printed.substring(printed.lastIndexOf('\n') + 1).split(" ");
    return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1]) / 1000, Double.parseDouble(parts[2])};
  }

  private static double median(List<double[]> runs, int index) {
    return Stats.median(runs.stream().map(r -> r[index]).toList());
  }
}
