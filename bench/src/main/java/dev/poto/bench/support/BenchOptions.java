package dev.poto.bench.support;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What to run and for how long, from the command line:
 * {@code [unary] [stream] [short-calls] [session] [login] [build] [all] [--quick] [--rounds=N] [--round=8s] [--warmup=5s]
 * [--threads=N] [--connections=N] [--items=N] [--blob-mb=N] [--idle-streams=N] [--ts-baseline=DIR] [--ts-runtime=node,bun] [--modules=N] [--methods=N] [--scale=N]}.
 * No scenario means all.
 */
public record BenchOptions(
    Set<String> scenarios,
    boolean quick,
    int rounds,
    Duration round,
    Duration warmup,
    int wrkThreads,
    int wrkConnections,
    boolean connectionsGiven,
    int streamItems,
    long blobBytes,
    int idleStreams,
    java.nio.file.Path tsBaseline,
    /** The JavaScript runtimes of the stream scenario's TypeScript client; null: Node, and Bun if present. */
    List<String> tsRuntimes,
    int sessionThreads,
    int buildModules,
    int buildMethods,
    int buildScale) {

  public static final List<String> SCENARIOS = List.of("unary", "stream", "short-calls", "binary", "idle-streams", "session", "login", "build");

  /** wrk connections unless {@code --connections} says otherwise or a scenario has its own default. */
  public static final int DEFAULT_CONNECTIONS = 32;

  /** The wrk connections for a scenario whose own default is {@code scenarioDefault}. */
  public int wrkConnections(int scenarioDefault) {
    return connectionsGiven ? wrkConnections : scenarioDefault;
  }

  public static BenchOptions parse(String[] args) {
    Set<String> scenarios = new LinkedHashSet<>();
    boolean quick = false;
    Integer rounds = null;
    Duration round = null;
    Duration warmup = null;
    int threads = 2;
    Integer connections = null;
    Integer items = null;
    Long blobMb = null;
    Integer idleStreams = null;
    java.nio.file.Path tsBaseline = null;
    List<String> tsRuntimes = null;
    Integer modules = null;
    int methods = 20;
    int scale = 10;
    for (String arg : args) {
      for (String word : arg.trim().split("\\s+")) { // exec.args may arrive as one string
        if (word.isEmpty()) {
          continue;
        }
        String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
        String value = word.contains("=") ? word.substring(word.indexOf('=') + 1) : "";
        switch (name) {
          case "all" -> scenarios.addAll(SCENARIOS);
          case "unary", "stream", "short-calls", "binary", "idle-streams", "login", "build" -> scenarios.add(name);
          case "session", "sessions" -> scenarios.add("session");
          case "--quick" -> quick = true;
          case "--rounds" -> rounds = positive(name, Integer.parseInt(value));
          case "--round" -> round = duration(name, value);
          case "--warmup" -> warmup = duration(name, value);
          case "--threads" -> threads = positive(name, Integer.parseInt(value));
          case "--connections" -> connections = positive(name, Integer.parseInt(value));
          case "--items" -> items = positive(name, Integer.parseInt(value));
          case "--blob-mb" -> blobMb = (long) positive(name, Integer.parseInt(value));
          case "--idle-streams" -> idleStreams = positive(name, Integer.parseInt(value));
          case "--ts-baseline" -> tsBaseline = java.nio.file.Path.of(value);
          case "--ts-runtime" -> tsRuntimes = runtimes(value);
          case "--modules" -> modules = positive(name, Integer.parseInt(value));
          case "--methods" -> methods = positive(name, Integer.parseInt(value));
          case "--scale" -> scale = positive(name, Integer.parseInt(value));
          case "--help", "-h" -> throw new IllegalArgumentException("");
          default -> throw new IllegalArgumentException("unknown argument '" + word + "'");
        }
      }
    }
    if (scenarios.isEmpty()) {
      scenarios.addAll(SCENARIOS);
    }
    return new BenchOptions(
        Set.copyOf(scenarios),
        quick,
        rounds != null ? rounds : quick ? 1 : 3,
        round != null ? round : Duration.ofSeconds(quick ? 2 : 8),
        warmup != null ? warmup : Duration.ofSeconds(quick ? 1 : 4),
        threads,
        connections != null ? connections : DEFAULT_CONNECTIONS,
        connections != null,
        items != null ? items : quick ? 100_000 : 1_000_000,
        (blobMb != null ? blobMb : quick ? 10 : 100) * 1024 * 1024,
        idleStreams != null ? idleStreams : quick ? 1_000 : 10_000,
        tsBaseline,
        tsRuntimes,
        64,
        modules != null ? modules : quick ? 20 : 100,
        methods,
        scale);
  }

  public static String usage() {
    return """
        usage: ./poto bench [unary] [stream] [short-calls] [binary] [idle-streams] [session] [login] [build] [all] [options]
               (no scenario: all)
               (through Maven directly: ./poto bench -Dexec.args="unary --quick")
          --quick            short smoke run (1 warm-up pass of 1 s, 1 round of 2 s, 100k items, 10 MiB,
                             300 short calls)
          --rounds=N         measured rounds per side (default 3; sides alternate A B, B A, ...)
          --round=8s         length of one measured round (unary, login)
          --warmup=4s        length of one warm-up pass per side (passes repeat until stable)
          --threads=N        wrk threads (default 2)
          --connections=N    wrk connections (default 32; unary 64)
          --items=N          items in the stream scenario (default 1000000)
          --blob-mb=N        binary: size of the InputStream result in MiB (default 100)
          --ts-baseline=DIR  stream: also read the stream with the generated TS client files in DIR (another
                             build, e.g. from before a change), alternating with the current one
          --ts-runtime=LIST  stream: the JavaScript runtimes of the TypeScript client, node and/or bun (default:
                             node, and bun when present); naming bun installs it with npm under bench/target
          --idle-streams=N   idle-streams: streams held open at once (default 10000, quick 1000); needs
                             about N + 512 open files per process (ulimit -n)
          --modules=N        build: modules in the synthetic project (default 100, quick 20)
          --methods=N        build: @Rpc methods per module (default 20)
          --scale=N          build: the processor-alone run also compiles N times the modules (default 10;
                             1 skips it)""";
  }

  public boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  private static List<String> runtimes(String value) {
    List<String> names = List.of(value.toLowerCase().split(","));
    for (String name : names) {
      if (!name.equals("node") && !name.equals("bun")) {
        throw new IllegalArgumentException("--ts-runtime takes node and/or bun, not '" + name + "'");
      }
    }
    return names;
  }

  private static int positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }

  private static Duration duration(String name, String text) {
    String t = text.trim().toLowerCase();
    Duration d;
    if (t.endsWith("ms")) {
      d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    } else if (t.endsWith("s")) {
      d = Duration.ofMillis((long) (Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
    } else {
      d = Duration.ofMillis((long) (Double.parseDouble(t) * 1000));
    }
    if (d.toMillis() < 1000) {
      throw new IllegalArgumentException(name + " must be at least 1s (wrk counts whole seconds)");
    }
    return d;
  }
}
