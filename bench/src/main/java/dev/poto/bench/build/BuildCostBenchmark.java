package dev.poto.bench.build;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What Poto costs a build: a synthetic project of N modules x M methods compiled by javac in a fresh
 * JVM per run, without and with the processor (TypeScript client on and off) and with processors that
 * write nothing or one empty class (the floor any processor costs), rotating the order per round; each
 * run's CPU split into javac's thread, the JIT compilers and the GC. Reports the
 * ratio of the medians against the target, where the time goes, the processor's own time, and what it
 * generated per method; then the
 * processor alone ({@code -proc:only}) on the same project and on one with ten times the modules, to
 * show whether its own time grows linearly.
 */
public final class BuildCostBenchmark {
  /** Classes whose jars a user's build has on its class path (processor included, as with proc:full). */
  private static final List<String> CLASS_PATH_ANCHORS = List.of(
      "dev.poto.annotations.Rpc",
      "dev.poto.processor.PotoProcessor",
      "dev.poto.tsgen.TypeScriptClientGenerator",
      "dev.poto.contract.Contract",
      "com.palantir.javapoet.JavaFile",
      "dev.poto.protocol.RpcMethod",
      "dev.poto.client.PotoClient",
      "dev.poto.runtime.dispatch.ModuleDispatcher",
      "com.fasterxml.jackson.databind.JavaType",
      "com.fasterxml.jackson.core.JsonParser",
      "com.fasterxml.jackson.annotation.JsonInclude",
      "org.jspecify.annotations.Nullable",
      "dev.poto.bench.build.TimedJavac");

  private final BenchOptions options;
  private final PrintStream out;

  public BuildCostBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    int modules = options.buildModules();
    int methods = options.buildMethods();
    out.printf("%n## Build cost: %d modules x %d @Rpc methods, %d records, javac in a fresh JVM per run%n%n",
        modules, methods, modules * SyntheticProject.RECORDS_PER_MODULE);
    Path work = Files.createTempDirectory("poto-build-cost");
    try {
      String classPath = classPath();
      Path sources = sourcesFile(work.resolve("src"), modules, methods);
      // Each round runs every variant once, in a rotated order, so a drifting machine load hits all alike.
      List<String> modes = List.of("without", "with", "nothing", "empty", "with-no-ts");
      Map<String, Runs> runs = new LinkedHashMap<>();
      modes.forEach(mode -> runs.put(mode, new Runs()));
      run("without", classPath, work.resolve("warmup"), sources); // fills the file cache, not counted
      Path lastWith = null;
      for (int round = 0; round < options.rounds(); round++) {
        for (int i = 0; i < modes.size(); i++) {
          String mode = modes.get((i + round) % modes.size());
          Path dir = work.resolve(mode + round);
          runs.get(mode).add(run(mode, classPath, dir, sources));
          if (mode.equals("with")) {
            lastWith = dir;
          }
        }
      }
      Runs without = runs.get("without");
      Runs with = runs.get("with");
      Runs nothing = runs.get("nothing");
      Runs empty = runs.get("empty");
      Runs noTs = runs.get("with-no-ts");
      out.println(new Table("run", "median wall ms", "median CPU ms", "all runs wall ms", "all runs CPU ms")
          .row("javac alone", Table.fmt(Stats.median(without.wall)), Table.fmt(Stats.median(without.cpu)),
              runs(without.wall), runs(without.cpu))
          .row("javac + Poto (TS client on)", Table.fmt(Stats.median(with.wall)), Table.fmt(Stats.median(with.cpu)),
              runs(with.wall), runs(with.cpu))
          .row("  of which the processor itself", Table.fmt(Stats.median(with.processor)),
              Table.fmt(Stats.median(with.processorCpu)), runs(with.processor), runs(with.processorCpu))
          .row("javac + Poto, TS client off", Table.fmt(Stats.median(noTs.wall)), Table.fmt(Stats.median(noTs.cpu)),
              runs(noTs.wall), runs(noTs.cpu))
          .row("javac + a processor writing nothing", Table.fmt(Stats.median(nothing.wall)),
              Table.fmt(Stats.median(nothing.cpu)), runs(nothing.wall), runs(nothing.cpu))
          .row("javac + a processor writing one empty class", Table.fmt(Stats.median(empty.wall)),
              Table.fmt(Stats.median(empty.cpu)), runs(empty.wall), runs(empty.cpu))
          .render());
      // Where a javac process spends its CPU: its own thread (the processor runs on it), the JIT
      // compilers warming javac's code (a larger or more varied compilation warms more of it), the GC.
      Table threads = new Table("run", "javac's thread CPU ms", "JIT compilers CPU ms", "GC CPU ms", "rest CPU ms");
      for (String mode : List.of("without", "nothing", "empty", "with-no-ts", "with")) {
        Runs r = runs.get(mode);
        double thread = Stats.median(r.javacThreadCpu);
        double jit = Stats.median(r.jitCpu);
        double gc = Stats.median(r.gcCpu);
        threads.row(mode, Math.round(thread), Math.round(jit), Math.round(gc),
            Math.round(Stats.median(r.cpu) - thread - jit - gc));
      }
      out.println(threads.render());
      double alone = Stats.median(without.cpu);
      out.printf("ratio (javac + Poto) / javac alone: %s wall, %s CPU (target at most 1.5x; the CPU ratio holds"
              + " still on a loaded machine)%n",
          Table.ratio(Stats.median(with.wall) / Stats.median(without.wall)),
          Table.ratio(Stats.median(with.cpu) / alone));
      out.printf("where the CPU time goes, as multiples of javac alone: a processor that writes nothing %s"
              + " (javac's processing round), one generated file %s more (javac runs one more round and enters"
              + " every file again), Poto's validation, Java output and contract files %s, its TypeScript client %s;"
              + " the processor's own thread %s of the whole%n%n",
          Table.ratio(Stats.median(nothing.cpu) / alone),
          Table.ratio((Stats.median(empty.cpu) - Stats.median(nothing.cpu)) / alone),
          Table.ratio((Stats.median(noTs.cpu) - Stats.median(empty.cpu)) / alone),
          Table.ratio((Stats.median(with.cpu) - Stats.median(noTs.cpu)) / alone),
          Table.ratio(Stats.median(with.processorCpu) / alone));
      reportGenerated(lastWith, modules * methods);
      if (options.buildScale() > 1) {
        scaling(work, classPath, sources, modules, methods);
      }
    } finally {
      deleteTree(work);
    }
  }

  private void reportGenerated(Path dir, int methodCount) throws IOException {
    Sizes java = sizes(dir.resolve("generated"), ".java");
    Sizes ts = sizes(dir.resolve("classes").resolve("META-INF/poto/client"), ".ts");
    out.println(new Table("generated", "files", "lines", "bytes", "lines/method", "bytes/method")
        .row("Java sources", java.files, java.lines, java.bytes,
            Table.fmt((double) java.lines / methodCount), Table.fmt((double) java.bytes / methodCount))
        .row("TypeScript (.ts, incl. .d.ts)", ts.files, ts.lines, ts.bytes,
            Table.fmt((double) ts.lines / methodCount), Table.fmt((double) ts.bytes / methodCount))
        .render());
  }

  /** The processor alone at 1x and at {@code scale}x the modules (and so the methods). */
  private void scaling(Path work, String classPath, Path sources, int modules, int methods) throws Exception {
    int scale = options.buildScale();
    Path bigSources = sourcesFile(work.resolve("src-x" + scale), modules * scale, methods);
    Runs small = new Runs();
    Runs big = new Runs();
    for (int round = 0; round < options.rounds(); round++) {
      small.add(run("only", classPath, work.resolve("only" + round), sources));
      big.add(run("only", classPath, work.resolve("only-x" + scale + "-" + round), bigSources));
    }
    out.printf("%nProcessor alone (-proc:only), its own time (wall, and CPU of its thread):%n%n");
    out.println(new Table("methods", "median wall ms", "median CPU ms", "CPU ms per 1000 methods", "all runs CPU ms")
        .row(modules * methods, Table.fmt(Stats.median(small.processor)), Table.fmt(Stats.median(small.processorCpu)),
            Table.fmt(Stats.median(small.processorCpu) * 1000 / (modules * methods)), runs(small.processorCpu))
        .row(modules * scale * methods, Table.fmt(Stats.median(big.processor)), Table.fmt(Stats.median(big.processorCpu)),
            Table.fmt(Stats.median(big.processorCpu) * 1000 / (modules * scale * methods)), runs(big.processorCpu))
        .render());
    double growth = Stats.median(big.processorCpu) / Stats.median(small.processorCpu);
    out.printf("%dx the methods took %sx the processor's CPU time: %s%n", scale, Table.fmt(growth),
        growth <= scale * 1.25 ? "linear (within 25%)" : "WORSE than linear");
  }

  /** The measured runs of one side: wall and CPU time of the process and of the processor. */
  private static final class Runs {
    final List<Double> wall = new ArrayList<>();
    final List<Double> processor = new ArrayList<>();
    final List<Double> cpu = new ArrayList<>();
    final List<Double> processorCpu = new ArrayList<>();
    final List<Double> javacThreadCpu = new ArrayList<>();
    final List<Double> jitCpu = new ArrayList<>();
    final List<Double> gcCpu = new ArrayList<>();

    void add(long[] result) {
      javacThreadCpu.add((double) result[4]);
      jitCpu.add((double) result[5]);
      gcCpu.add((double) result[6]);
      wall.add((double) result[0]);
      processor.add((double) result[1]);
      cpu.add((double) result[2]);
      processorCpu.add((double) result[3]);
    }
  }

  private static String runs(List<Double> millis) {
    return String.join(", ", millis.stream().map(ms -> Long.toString(Math.round(ms))).toList());
  }

  private static Path sourcesFile(Path dir, int modules, int methods) throws IOException {
    List<Path> files = SyntheticProject.write(dir, modules, methods);
    Path list = dir.resolve("sources.txt");
    Files.write(list, files.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
    return list;
  }

  /**
   * Runs {@link TimedJavac} in a fresh JVM; returns {wall ms of the whole process, processor ms, CPU ms
   * of the process, CPU ms of the processor's thread, of javac's thread, of the JIT compilers, of the GC}.
   */
  private static long[] run(String mode, String classPath, Path out, Path sources) throws Exception {
    Files.createDirectories(out);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(
        java, "-cp", classPath, TimedJavac.class.getName(), mode, classPath, out.toString(), sources.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    long start = System.nanoTime();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int exit = process.waitFor();
    long wall = (System.nanoTime() - start) / 1_000_000;
    if (exit != 0) {
      throw new IllegalStateException("javac (" + mode + ") failed with exit code " + exit);
    }
    String[] parts = printed.substring(printed.lastIndexOf('\n') + 1).split(" ");
    return new long[] {wall, Long.parseLong(parts[1]), Long.parseLong(parts[2]), Long.parseLong(parts[3]),
        Long.parseLong(parts[4]), Long.parseLong(parts[5]), Long.parseLong(parts[6])};
  }

  private static String classPath() throws URISyntaxException, ClassNotFoundException {
    Set<String> entries = new LinkedHashSet<>();
    ClassLoader loader = BuildCostBenchmark.class.getClassLoader();
    for (String anchor : CLASS_PATH_ANCHORS) {
      Class<?> type = Class.forName(anchor, false, loader);
      entries.add(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    return String.join(File.pathSeparator, entries);
  }

  private record Sizes(long files, long lines, long bytes) {}

  private static Sizes sizes(Path dir, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return new Sizes(0, 0, 0);
    }
    long files = 0;
    long lines = 0;
    long bytes = 0;
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path file : all.filter(p -> p.toString().endsWith(suffix)).toList()) {
        files++;
        bytes += Files.size(file);
        lines += Files.readAllLines(file, StandardCharsets.UTF_8).size();
      }
    }
    return new Sizes(files, lines, bytes);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
