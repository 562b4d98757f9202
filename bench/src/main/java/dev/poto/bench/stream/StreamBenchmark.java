package dev.poto.bench.stream;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import dev.poto.client.PotoClient;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.PotoServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Items/s of a stream of small records through the generated Java client (and the TypeScript client
 * in Node). Server and client share one JVM. Binary results: {@link BinaryBenchmark}.
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
      out.printf("setup: %,d records of %s per stream; 1 warm-up + %d measured run(s);"
          + " server and client in one JVM%n%n", items, "{seq,label,value}", runs);

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
}
