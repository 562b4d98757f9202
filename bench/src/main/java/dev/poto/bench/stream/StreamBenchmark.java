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
 * in Node and Bun, next to a raw reader's floor). Server and client share one JVM. Binary results: {@link BinaryBenchmark}.
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
        double javaSeconds = measureJavaClient(server.port(), client.token(), bench, items, runs, table);
        TypeScriptStreamClient typeScript = new TypeScriptStreamClient(out);
        typeScript.measure("http://127.0.0.1:" + server.port(), items, runs, options.tsBaseline(),
            typeScript.runtimes(options.tsRuntimes()), javaSeconds, table);
      } catch (RpcException e) {
        out.println("  stream scenario NOT RUN: the server answered " + e.status() + " " + e.code() + ": " + e.getMessage());
        table.row("stream items/s", "not available", "", 0, "");
      }
      out.println();
      out.print(table.render());
    }
  }

  /** The figure the Java client aims at, for {@value #TARGET_ITEMS} items (docs/BENCHMARKS.md). */
  static final double TARGET_SECONDS = 0.35;
  static final int TARGET_ITEMS = 1_000_000;

  /**
   * The generated Java client reading the stream as it does by default (over its own connection, plain
   * records read straight from the bytes), through the JDK's HttpClient ({@code directStreams(false)}),
   * with every item left to the mapper ({@code directRecords(false)}), and a plain
   * socket reading the same stream without decoding it (the floor: the server's and the loopback's
   * time alone), in alternating rounds against the same server, so their ratios come from one run.
   * Then what the client alone costs: the default client reading one recorded answer of the server
   * from memory ({@link RecordedStreamServer}), through either path, next to the raw socket reading the
   * same recording.
   * Returns the median time of the default client against the real server, in seconds.
   */
  private double measureJavaClient(int port, String token, StreamModuleClient current, int items, int runs, Table table)
      throws java.io.IOException {
    try (PotoClient mapperOnly = PotoClient.builder("http://127.0.0.1:" + port).directRecords(false)
        .requestTimeout(Duration.ofMinutes(10)).build();
        PotoClient throughJdk = PotoClient.builder("http://127.0.0.1:" + port).directStreams(false)
            .requestTimeout(Duration.ofMinutes(10)).build();
        RecordedStreamServer recording = RecordedStreamServer.record(port, token, items);
        PotoClient fromMemory = PotoClient.builder("http://127.0.0.1:" + recording.port())
            .requestTimeout(Duration.ofMinutes(10)).build();
        PotoClient fromMemoryThroughJdk = PotoClient.builder("http://127.0.0.1:" + recording.port())
            .directStreams(false).requestTimeout(Duration.ofMinutes(10)).build()) {
      mapperOnly.loginAsVisitor();
      throughJdk.loginAsVisitor();
      StreamModuleClient baseline = new StreamModuleClient(mapperOnly);
      StreamModuleClient viaJdk = new StreamModuleClient(throughJdk);
      StreamModuleClient alone = new StreamModuleClient(fromMemory);
      StreamModuleClient aloneThroughJdk = new StreamModuleClient(fromMemoryThroughJdk);
      RawStreamReader raw = new RawStreamReader(port, token);
      RawStreamReader rawRecording = new RawStreamReader(recording.port(), token);
      out.printf("  recorded one answer of %,d items (%,d bytes) to serve from memory%n", items, recording.size());
      out.printf("  warm-up stream %,d items, each client%n", Math.min(items, 200_000));
      consume(current, Math.min(items, 200_000));
      consume(baseline, Math.min(items, 200_000));
      consume(viaJdk, Math.min(items, 200_000));
      readRaw(raw, Math.min(items, 200_000));
      consume(alone, items);
      consume(aloneThroughJdk, items);
      Runs now = new Runs();
      Runs jdk = new Runs();
      Runs before = new Runs();
      Runs floor = new Runs();
      Runs clientAlone = new Runs();
      Runs recordedFloor = new Runs();
      Runs aloneJdk = new Runs();
      for (int r = 1; r <= runs; r++) {
        if (r % 2 == 0) {
          before.measure("own connection, mapper only   ", r, baseline, items);
          floor.measure("raw socket                    ", r, () -> readRaw(raw, items), items);
          recordedFloor.measure("raw socket, recorded answer    ", r, () -> readRaw(rawRecording, items), items);
          clientAlone.measure("own connection, recorded answer", r, alone, items);
          aloneJdk.measure("JDK HttpClient, recorded answer", r, aloneThroughJdk, items);
          jdk.measure("JDK HttpClient, direct records", r, viaJdk, items);
        }
        now.measure("own connection, direct records", r, current, items);
        if (r % 2 == 1) {
          jdk.measure("JDK HttpClient, direct records", r, viaJdk, items);
          aloneJdk.measure("JDK HttpClient, recorded answer", r, aloneThroughJdk, items);
          clientAlone.measure("own connection, recorded answer", r, alone, items);
          recordedFloor.measure("raw socket, recorded answer    ", r, () -> readRaw(rawRecording, items), items);
          floor.measure("raw socket                    ", r, () -> readRaw(raw, items), items);
          before.measure("own connection, mapper only   ", r, baseline, items);
        }
      }
      double seconds = Stats.median(now.seconds);
      double secondsJdk = Stats.median(jdk.seconds);
      double secondsBefore = Stats.median(before.seconds);
      double secondsFloor = Stats.median(floor.seconds);
      double secondsAlone = Stats.median(clientAlone.seconds);
      double secondsRecordedFloor = Stats.median(recordedFloor.seconds);
      String target = items == TARGET_ITEMS ? "target <= " + TARGET_SECONDS + " s"
          : "target for 1,000,000 items: <= " + TARGET_SECONDS + " s";
      table.row("stream items/s", Table.fmt(items / seconds), "items/s", runs, "");
      table.row("time for " + String.format("%,d", items) + " items", Table.fmt(seconds), "s", runs, target
          + "; the client's own connection (default)");
      table.row("  same run, through the JDK HttpClient (directStreams(false))", Table.fmt(secondsJdk), "s", runs,
          "own connection is " + Table.ratio(secondsJdk / seconds) + " faster; CPU per item "
              + Table.fmt(Stats.median(jdk.cpuPerItem)) + " ns against " + Table.fmt(Stats.median(now.cpuPerItem)));
      table.row("  same run, items left to the mapper", Table.fmt(secondsBefore), "s", runs,
          "direct is " + Table.ratio(secondsBefore / seconds) + " faster");
      table.row("  same run, raw socket reader (the floor)", Table.fmt(secondsFloor), "s", runs,
          "the client adds " + Table.fmt(Math.max(0, seconds - secondsFloor)) + " s");
      table.row("  same run, the client alone (recorded answer from memory)", Table.fmt(secondsAlone), "s", runs,
          target + " (the client's half)");
      table.row("  same run, the client alone through the JDK HttpClient (directStreams(false))",
          Table.fmt(Stats.median(aloneJdk.seconds)), "s", runs, "own connection is "
              + Table.ratio(Stats.median(aloneJdk.seconds) / secondsAlone) + " faster; CPU per item "
              + Table.fmt(Stats.median(aloneJdk.cpuPerItem)) + " ns against " + Table.fmt(Stats.median(clientAlone.cpuPerItem)));
      table.row("  same run, raw socket reading the recorded answer", Table.fmt(secondsRecordedFloor), "s", runs,
          "the client alone adds " + Table.fmt(Math.max(0, secondsAlone - secondsRecordedFloor)) + " s");
      table.row("CPU per item, client + server", Table.fmt(Stats.median(now.cpuPerItem)), "ns", runs,
          "mapper only: " + Table.fmt(Stats.median(before.cpuPerItem)) + "; raw reader: "
              + Table.fmt(Stats.median(floor.cpuPerItem)));
      table.row("CPU per item, the client alone (whole process)", Table.fmt(Stats.median(clientAlone.cpuPerItem)), "ns",
          runs, "raw reader of the recording: " + Table.fmt(Stats.median(recordedFloor.cpuPerItem)));
      table.row("CPU per item, the reading thread", Table.fmt(Stats.median(now.readerCpuPerItem)), "ns", runs,
          "client alone: " + Table.fmt(Stats.median(clientAlone.readerCpuPerItem)) + "; mapper only: "
              + Table.fmt(Stats.median(before.readerCpuPerItem)) + "; raw reader: "
              + Table.fmt(Stats.median(floor.readerCpuPerItem)));
      table.row("bytes allocated per item, the reading thread", Table.fmt(Stats.median(now.readerBytesPerItem)), "B",
          runs, "client alone: " + Table.fmt(Stats.median(clientAlone.readerBytesPerItem)) + "; mapper only: "
              + Table.fmt(Stats.median(before.readerBytesPerItem)));
      return seconds;
    }
  }

  /** Measured runs of one client. */
  private final class Runs {
    final List<Double> seconds = new ArrayList<>();
    final List<Double> cpuPerItem = new ArrayList<>();
    final List<Double> readerCpuPerItem = new ArrayList<>();
    final List<Double> readerBytesPerItem = new ArrayList<>();

    void measure(String name, int round, StreamModuleClient client, int items) {
      measure(name, round, () -> consume(client, items), items);
    }

    void measure(String name, int round, Runnable read, int items) {
      long start = System.nanoTime();
      long cpuStart = processCpuNanos();
      long threadStart = THREADS.getCurrentThreadCpuTime();
      long allocatedStart = THREADS.getCurrentThreadAllocatedBytes();
      read.run();
      double allocated = (THREADS.getCurrentThreadAllocatedBytes() - allocatedStart) / (double) items;
      double s = (System.nanoTime() - start) / 1e9;
      double cpu = (processCpuNanos() - cpuStart) / (double) items;
      double reader = (THREADS.getCurrentThreadCpuTime() - threadStart) / (double) items;
      seconds.add(s);
      cpuPerItem.add(cpu);
      readerCpuPerItem.add(reader);
      readerBytesPerItem.add(allocated);
      out.printf("  run %d %s: %,d items in %.3f s = %,.0f items/s; CPU per item: %.0f ns (client and server),"
          + " %.0f ns and %.0f bytes allocated on the reading thread%n", round, name, items, s, items / s, cpu, reader,
          allocated);
    }
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

  /**
   * CPU time of the whole process (server, client, Jetty and HTTP client threads): unlike the wall
   * time, it barely moves when other processes share the cores, so before/after ratios of it hold up
   * on a loaded machine.
   */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void readRaw(RawStreamReader raw, int items) {
    try {
      raw.read(items);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
