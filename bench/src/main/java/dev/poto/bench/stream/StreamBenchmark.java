package dev.poto.bench.stream;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Issue 4: items/s of a stream of small records through the generated Java client, and MB/s of a
 * large binary result read through {@code client.inputStream}. Server and client share one JVM.
 */
public final class StreamBenchmark {
  private final BenchOptions options;
  private final PrintStream out;

  public StreamBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    out.println("\n## Streams: items/s and MB/s through the generated Java and TypeScript clients\n");
    try (PotoServer server = PotoServer.builder().host("127.0.0.1").port(0).module(new StreamModule())
            .jwt(jwt -> jwt.secret(Secrets.newJwtSecret())).build().start();
        PotoClient client = PotoClient.builder("http://127.0.0.1:" + server.port())
            .requestTimeout(Duration.ofMinutes(10)).build()) {
      client.loginAsVisitor();
      StreamModuleClient bench = new StreamModuleClient(client);
      int runs = Math.max(1, options.rounds());
      int items = options.streamItems();
      long blobBytes = options.blobBytes();
      out.printf("setup: %,d records of %s per stream, %,d MiB binary; 1 warm-up + %d measured run(s) each;"
          + " server and client in one JVM%n%n", items, "{seq,label,value}", blobBytes >> 20, runs);

      Table table = new Table("measure", "median", "unit", "runs", "");
      try {
        out.printf("  warm-up stream %,d items%n", Math.min(items, 200_000));
        consume(bench, Math.min(items, 200_000));
        List<Double> rates = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<Double> cpuPerItem = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
          long start = System.nanoTime();
          long cpuStart = processCpuNanos();
          consume(bench, items);
          double s = (System.nanoTime() - start) / 1e9;
          double cpu = (processCpuNanos() - cpuStart) / (double) items;
          seconds.add(s);
          rates.add(items / s);
          cpuPerItem.add(cpu);
          out.printf("  run %d: %,d items in %.3f s = %,.0f items/s; %.0f ns of CPU per item (client and server)%n",
              r, items, s, items / s, cpu);
        }
        double rate = Stats.median(rates);
        table.row("stream items/s", Table.fmt(rate), "items/s", runs, "");
        table.row("time for " + String.format("%,d", items) + " items", Table.fmt(Stats.median(seconds)), "s", runs, "");
        table.row("CPU per item, client + server", Table.fmt(Stats.median(cpuPerItem)), "ns", runs, "");
        new NodeStreamClient(out).measure("http://127.0.0.1:" + server.port(), items, runs, options.tsBaseline(), table);
      } catch (RpcException e) {
        out.println("  stream scenario NOT RUN: the server answered " + e.status() + " " + e.code() + ": " + e.getMessage());
        table.row("stream items/s", "not available", "", 0, "");
      }
      try {
        out.printf("  warm-up binary %,d MiB%n", Math.min(blobBytes, 10L << 20) >> 20);
        download(bench, Math.min(blobBytes, 10L << 20));
        List<Double> rates = new ArrayList<>();
        List<Double> cpuPerMb = new ArrayList<>();
        for (int r = 1; r <= runs; r++) {
          long start = System.nanoTime();
          long cpuStart = processCpuNanos();
          download(bench, blobBytes);
          double s = (System.nanoTime() - start) / 1e9;
          double cpu = (processCpuNanos() - cpuStart) / 1e6 / (blobBytes / 1e6);
          double mbPerSecond = blobBytes / 1e6 / s;
          rates.add(mbPerSecond);
          cpuPerMb.add(cpu);
          out.printf("  run %d: %,d MiB in %.3f s = %,.0f MB/s; %.2f ms of CPU per MB (client and server)%n",
              r, blobBytes >> 20, s, mbPerSecond, cpu);
        }
        table.row("binary InputStream", Table.fmt(Stats.median(rates)), "MB/s (10^6 B/s)", runs, "");
        table.row("CPU per MB, client + server", Table.fmt(Stats.median(cpuPerMb)), "ms", runs, "");
      } catch (RpcException e) {
        out.println("  binary scenario NOT RUN: the server answered " + e.status() + " " + e.code() + ": " + e.getMessage());
        table.row("binary InputStream", "not available", "", 0, "");
      }
      out.println();
      out.print(table.render());
    }
  }

  /**
   * CPU time of the whole process (server, client, Jetty and HTTP client threads): unlike the wall
   * time, it barely moves when other processes share the cores, so before/after ratios of it hold up
   * on a loaded machine.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Reads the whole stream, counting items; a short stream is an error, not a fast one. */
  private static void consume(StreamModuleClient bench, int items) {
    long[] count = {0};
    try (Stream<Rec> stream = bench.records(items)) {
      stream.forEach(rec -> count[0]++);
    }
    if (count[0] != items) {
      throw new IllegalStateException("expected " + items + " items, got " + count[0]);
    }
  }

  private static void download(StreamModuleClient bench, long bytes) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (InputStream in = bench.blob(bytes)) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
      }
    }
    if (total != bytes) {
      throw new IllegalStateException("expected " + bytes + " bytes, got " + total);
    }
  }
}
