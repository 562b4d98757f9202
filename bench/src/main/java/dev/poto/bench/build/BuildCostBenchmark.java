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
 * JVM per run, without and with the processor (TypeScript client on and off, and as a server's build
 * without {@code poto-client}), with processors that write nothing or one empty class (the floor any
 * processor costs), and without the processor on the application plus the Java Poto generated (what
 * that code alone costs javac), rotating the order per round; each run's CPU split into javac's thread,
 * the JIT compilers and the GC. Reports the ratio of the medians against the target, what Poto adds
 * beyond the empty-class floor by thread and by output, what would remain if the generated Java cost
 * nothing, the processor's own time, and what it generated per method; then the processor alone
 * ({@code -proc:only}) on the same project and on one with ten times the modules, to show whether its
 * own time grows linearly.
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
      String classPath = classPath(CLASS_PATH_ANCHORS);
      // A server's build as the README prescribes: poto-runtime and the processor, no poto-client, so
      // the processor writes no Java clients.
      String serverClassPath = classPath(CLASS_PATH_ANCHORS.stream().filter(a -> !a.equals(CLIENT_ANCHOR)).toList());
      Path sources = sourcesFile(work.resolve("src"), modules, methods);
      // Not counted: fills the file cache, and its generated Java is what the "generated" variant compiles
      // without the processor (the cost of that code alone, in a fresh JVM).
      Path warmup = work.resolve("warmup");
      run("with", classPath, warmup, sources);
      Path withGenerated = sourcesWithGenerated(work, sources, warmup.resolve("generated"));
      // Each round runs every variant once, in a rotated order, so a drifting machine load hits all alike.
      Map<String, Variant> variants = new LinkedHashMap<>();
      variants.put("without", new Variant("without", classPath, sources));
      variants.put("with", new Variant("with", classPath, sources));
      variants.put("nothing", new Variant("nothing", classPath, sources));
      variants.put("empty", new Variant("empty", classPath, sources));
      variants.put("with-no-ts", new Variant("with-no-ts", classPath, sources));
      variants.put("server", new Variant("with", serverClassPath, sources));
      variants.put("generated", new Variant("without", classPath, withGenerated));
      List<String> modes = List.copyOf(variants.keySet());
      Map<String, Runs> runs = new LinkedHashMap<>();
      modes.forEach(mode -> runs.put(mode, new Runs()));
      Path lastWith = null;
      for (int round = 0; round < options.rounds(); round++) {
        for (int i = 0; i < modes.size(); i++) {
          String mode = modes.get((i + round) % modes.size());
          Variant variant = variants.get(mode);
          Path dir = work.resolve(mode + round);
          runs.get(mode).add(run(variant.toolMode, variant.classPath, dir, variant.sources));
          if (mode.equals("with")) {
            lastWith = dir;
          }
        }
      }
      Runs without = runs.get("without");
      Runs with = runs.get("with");
      Table table = new Table("run", "median wall ms", "median CPU ms", "x javac alone (CPU)", "all runs wall ms",
          "all runs CPU ms");
      double alone = Stats.median(without.cpu);
      for (String mode : modes) {
        Runs r = runs.get(mode);
        table.row(LABELS.get(mode), Table.fmt(Stats.median(r.wall)), Table.fmt(Stats.median(r.cpu)),
            Table.ratio(Stats.median(r.cpu) / alone), runs(r.wall), runs(r.cpu));
        if (mode.equals("with")) {
          table.row("  of which the processor itself", Table.fmt(Stats.median(r.processor)),
              Table.fmt(Stats.median(r.processorCpu)), Table.ratio(Stats.median(r.processorCpu) / alone),
              runs(r.processor), runs(r.processorCpu));
        }
      }
      out.println(table.render());
      // Where a javac process spends its CPU: its own thread (the processor runs on it), the JIT
      // compilers warming javac's code (a larger or more varied compilation warms more of it), the GC.
      Table threads = new Table("run", "javac's thread CPU ms", "JIT compilers CPU ms", "GC CPU ms", "rest CPU ms");
      for (String mode : modes) {
        Split split = runs.get(mode).split();
        threads.row(mode, Math.round(split.thread), Math.round(split.jit), Math.round(split.gc), Math.round(split.rest));
      }
      out.println(threads.render());
      out.printf("ratio (javac + Poto) / javac alone: %s wall, %s CPU (target at most 1.5x; the CPU ratio holds"
              + " still on a loaded machine); a server's build (no poto-client, so no Java clients): %s CPU%n%n",
          Table.ratio(Stats.median(with.wall) / Stats.median(without.wall)),
          Table.ratio(Stats.median(with.cpu) / alone),
          Table.ratio(Stats.median(runs.get("server").cpu) / alone));
      account(runs, alone);
      warm(classPath, work.resolve("warm"), sources, Stats.median(with.cpu) / alone);
      reportGenerated(lastWith, modules * methods);
      if (options.buildScale() > 1) {
        scaling(work, classPath, sources, modules, methods);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static final String CLIENT_ANCHOR = "dev.poto.client.PotoClient";

  private static final Map<String, String> LABELS = Map.of(
      "without", "javac alone",
      "with", "javac + Poto (TS client on)",
      "nothing", "javac + a processor writing nothing",
      "empty", "javac + a processor writing one empty class",
      "with-no-ts", "javac + Poto, TS client off",
      "server", "javac + Poto, server build (no poto-client: no Java clients)",
      "generated", "javac alone on the application + Poto's generated Java (no processor)");

  /** One way of running javac: {@link TimedJavac}'s mode, javac's class path and the sources. */
  private record Variant(String toolMode, String classPath, Path sources) {}

  /**
   * What Poto adds beyond the floor any processor that writes a source file costs (the empty-class
   * variant, same run), split by thread and by output, and what would remain if the generated Java cost
   * javac nothing: the account of how far the target is.
   */
  private void account(Map<String, Runs> runs, double alone) {
    Runs with = runs.get("with");
    Split w = with.split();
    Split e = runs.get("empty").split();
    double empty = Stats.median(runs.get("empty").cpu);
    double poto = Stats.median(with.cpu);
    double processor = Stats.median(with.processorCpu);
    double generatedJava = Stats.median(runs.get("generated").cpu) - alone;
    double typeScript = poto - Stats.median(runs.get("with-no-ts").cpu);
    double javaClients = poto - Stats.median(runs.get("server").cpu);
    double beyond = poto - empty;
    double javacOwn = (w.thread - processor) - e.thread;
    double jit = w.jit - e.jit;
    double gc = w.gc - e.gc;
    out.printf("What Poto adds beyond the floor (a processor writing one empty class, %s of javac alone):"
        + " %,.0f ms CPU, %s of javac alone%n%n", Table.ratio(empty / alone), beyond, Table.ratio(beyond / alone));
    out.println(new Table("by thread (Poto minus the empty-class processor)", "CPU ms", "x javac alone")
        .row("Poto's processor on javac's thread (validation, model, Java, TS and contract writing)",
            Math.round(processor), Table.ratio(processor / alone))
        .row("javac's thread besides the processor (entering, attributing and writing the generated Java)",
            Math.round(javacOwn), Table.ratio(javacOwn / alone))
        .row("JIT compilers (javac's and the processor's code running cold)", Math.round(jit), Table.ratio(jit / alone))
        .row("garbage collector", Math.round(gc), Table.ratio(gc / alone))
        .row("rest (other threads; the medians of parts do not add up exactly)",
            Math.round(beyond - processor - javacOwn - jit - gc), Table.ratio((beyond - processor - javacOwn - jit - gc) / alone))
        .render());
    out.println(new Table("by output (differences of whole runs, overlapping the split above)", "CPU ms", "x javac alone")
        .row("compiling Poto's generated Java in a fresh JVM without the processor (generated - javac alone)",
            Math.round(generatedJava), Table.ratio(generatedJava / alone))
        .row("the Java clients (Poto - server build)", Math.round(javaClients), Table.ratio(javaClients / alone))
        .row("the TypeScript client (Poto - TS off)", Math.round(typeScript), Table.ratio(typeScript / alone))
        .render());
    double ifFree = (poto - generatedJava) / alone;
    double floorAndProcessor = (empty + processor) / alone;
    out.printf("If the generated Java cost javac nothing, Poto would still be %s of javac alone (Poto minus the"
            + " generated Java's own compile cost); the empty-class floor plus Poto's processor thread alone is %s."
            + " The 1.5x target is %s%n%n",
        Table.ratio(ifFree), Table.ratio(floorAndProcessor),
        poto / alone <= 1.5 ? "met."
            : floorAndProcessor > 1.5 ? "out of reach for a processor in javac's default mode: floor plus the"
                + " processor's own thread already exceed it, before any generated code is compiled."
            : ifFree > 1.5 ? "out of reach by the shape of the generated Java alone: even free generated Java"
                + " leaves the build above it; only less processor work or a lower floor would close the rest."
            : "not met; the generated Java's compile cost is what stands between.");
  }

  /**
   * The same compilations in one warm JVM (a build daemon, Maven's in-process javac): what is left of
   * Poto's cost once javac's and the processor's code are compiled by the JIT and loaded.
   */
  private void warm(String classPath, Path dir, Path sources, double freshRatio) throws Exception {
    int warmups = 3;
    int rounds = Math.max(3, options.rounds());
    Files.createDirectories(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(java, "-cp", classPath, TimedJavac.class.getName(), "warm", classPath,
        dir.toString(), sources.toString(), Integer.toString(warmups), Integer.toString(rounds))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("warm javac failed");
    }
    Map<String, List<Double>> thread = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    Map<String, List<Double>> processor = new LinkedHashMap<>();
    for (String line : printed.lines().filter(l -> l.startsWith("warm ")).toList()) {
      String[] parts = line.split(" ");
      thread.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Double.parseDouble(parts[2]));
      cpu.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Double.parseDouble(parts[3]));
      processor.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(Double.parseDouble(parts[4]));
    }
    double alone = Stats.median(cpu.get("without"));
    double aloneThread = Stats.median(thread.get("without"));
    Table table = new Table("one warm JVM, after " + warmups + " warm-up rounds", "median javac thread CPU ms",
        "x javac alone (thread)", "median process CPU ms", "x javac alone (process)", "all runs process CPU ms");
    for (String mode : TimedJavac.WARM_MODES) {
      table.row(LABELS.get(mode), Table.fmt(Stats.median(thread.get(mode))),
          Table.ratio(Stats.median(thread.get(mode)) / aloneThread), Table.fmt(Stats.median(cpu.get(mode))),
          Table.ratio(Stats.median(cpu.get(mode)) / alone), runs(cpu.get(mode)));
      if (mode.equals("with")) {
        table.row("  of which the processor itself", Table.fmt(Stats.median(processor.get(mode))),
            Table.ratio(Stats.median(processor.get(mode)) / aloneThread), "", "", runs(processor.get(mode)));
      }
    }
    out.println(table.render());
    double warmRatio = Stats.median(cpu.get("with")) / alone;
    out.printf("In one warm JVM (a build daemon; javac's and the processor's code compiled by the JIT) Poto costs"
            + " %s of javac alone by process CPU, %s by javac's thread (target at most 1.5x: %s); the empty-class"
            + " floor %s; in a fresh JVM per run %s. %s%n%n",
        Table.ratio(warmRatio), Table.ratio(Stats.median(thread.get("with")) / aloneThread),
        warmRatio <= 1.5 ? "met" : "not met", Table.ratio(Stats.median(cpu.get("empty")) / alone),
        Table.ratio(freshRatio),
        warmRatio > freshRatio
            ? "Warm, javac alone shrinks more than Poto's part: this application's methods have no bodies to"
                + " speak of, while the processor's work and the generated Java stay."
            : "Part of the fresh-JVM ratio is javac's and the processor's code running cold.");
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

    /** The medians of the process's CPU split by thread. */
    Split split() {
      double thread = Stats.median(javacThreadCpu);
      double jit = Stats.median(jitCpu);
      double gc = Stats.median(gcCpu);
      return new Split(thread, jit, gc, Stats.median(cpu) - thread - jit - gc);
    }

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

  /** CPU ms of javac's thread (the processor's included), the JIT compilers, the GC, the rest. */
  private record Split(double thread, double jit, double gc, double rest) {}

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

  /** The application plus every generated Java source of the run in {@code generated}, as a sources file. */
  private static Path sourcesWithGenerated(Path work, Path sources, Path generated) throws IOException {
    List<String> all = new ArrayList<>(Files.readAllLines(sources, StandardCharsets.UTF_8));
    try (Stream<Path> files = Files.walk(generated)) {
      files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().forEach(all::add);
    }
    Path list = work.resolve("sources-with-generated.txt");
    Files.write(list, all, StandardCharsets.UTF_8);
    return list;
  }

  private static String classPath(List<String> anchors) throws URISyntaxException, ClassNotFoundException {
    Set<String> entries = new LinkedHashSet<>();
    ClassLoader loader = BuildCostBenchmark.class.getClassLoader();
    for (String anchor : anchors) {
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
