package dev.poto.bench.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Completion;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * One javac run in its own JVM, as a build would start it: {@code TimedJavac
 * <with|with-no-ts|empty|nothing|without|only> <classpath> <out> <sources file>}, or {@code TimedJavac warm
 * <classpath> <out> <sources file> <warm-up rounds> <rounds>} (see {@link #warm}). {@code with} runs Poto's
 * processor and compiles everything, {@code with-no-ts} the same with the TypeScript client off,
 * {@code empty} runs a processor that writes one empty class (what any processor costs javac),
 * {@code nothing} one that looks at every round and writes nothing,
 * {@code without} compiles the same sources with no processor, {@code only} runs Poto's processor and
 * stops before compiling ({@code -proc:only}); further arguments go to javac as options. Prints
 * {@code elapsedMs processorMs cpuMs processorCpuMs javacThreadCpuMs jitCpuMs gcCpuMs}:
 * the processor's time is what its {@code init} and {@code process} calls took, measured by a
 * delegating wrapper; the CPU times (the whole process's, and the processor's own thread's) count only
 * the cycles this compilation got, so they hold still when other programs load the machine and the wall
 * times do not.
 */
public final class TimedJavac {
  private TimedJavac() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    String classPath = args[1];
    Path out = Path.of(args[2]);
    List<String> sources = Files.readAllLines(Path.of(args[3]));
    if (mode.equals("warm")) {
      warm(classPath, out, sources, Integer.parseInt(args[4]), Integer.parseInt(args[5]));
      return;
    }
    long start = System.nanoTime();
    Timed timed = compile(mode, classPath, out, sources, List.of(args).subList(4, args.length));
    long elapsed = System.nanoTime() - start;
    long cpu = processCpuNanos();
    long javacThread = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    long[] vm = vmThreadsCpuMillis();
    System.out.println(elapsed / 1_000_000 + " " + (timed == null ? 0 : timed.nanos / 1_000_000)
        + " " + cpu / 1_000_000 + " " + (timed == null ? 0 : timed.cpuNanos / 1_000_000)
        + " " + javacThread / 1_000_000 + " " + vm[0] + " " + vm[1]);
  }

  /** The modes a warm JVM compiles in turn: javac alone, with Poto, with the empty-class processor. */
  static final List<String> WARM_MODES = List.of("without", "with", "empty");

  /**
   * javac run again and again in this one JVM, as in a build daemon or Maven's in-process compiler: each
   * round compiles once per {@link #WARM_MODES mode}, in a rotated order; after {@code warmups} rounds,
   * prints one line per compilation, {@code warm <mode> <javac thread CPU ms> <process CPU ms> <processor CPU ms>}.
   */
  private static void warm(String classPath, Path out, List<String> sources, int warmups, int rounds)
      throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < warmups + rounds; round++) {
      for (int i = 0; i < WARM_MODES.size(); i++) {
        String mode = WARM_MODES.get((i + round) % WARM_MODES.size());
        System.gc(); // the previous compilation's garbage is not this one's cost
        long thread = threads.getCurrentThreadCpuTime();
        long process = processCpuNanos();
        Timed timed = compile(mode, classPath, out.resolve("warm-" + round + "-" + mode), sources, List.of());
        if (round >= warmups) {
          System.out.println("warm " + mode + " " + (threads.getCurrentThreadCpuTime() - thread) / 1_000_000
              + " " + (processCpuNanos() - process) / 1_000_000 + " " + (timed == null ? 0 : timed.cpuNanos / 1_000_000));
        }
      }
    }
  }

  /** Compiles once; returns the timed processor, or null when the mode runs none. */
  private static Timed compile(String mode, String classPath, Path out, List<String> sources, List<String> extra)
      throws IOException {
    Path classes = Files.createDirectories(out.resolve("classes"));
    Path generated = Files.createDirectories(out.resolve("generated"));
    List<String> options = new ArrayList<>(List.of(
        "-classpath", classPath, "-d", classes.toString(), "-s", generated.toString(),
        "-encoding", "UTF-8", "-nowarn", "-Xlint:none"));
    options.add(switch (mode) {
      case "with", "with-no-ts", "empty", "nothing" -> "-proc:full";
      case "without" -> "-proc:none";
      case "only" -> "-proc:only";
      default -> throw new IllegalArgumentException("mode " + mode);
    });
    if (mode.equals("with-no-ts")) {
      options.add("-Apoto.ts=false");
    }
    options.addAll(extra);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    try (var files = javac.getStandardFileManager(null, null, null)) {
      JavaCompiler.CompilationTask task =
          javac.getTask(null, files, null, options, null, files.getJavaFileObjectsFromStrings(sources));
      Timed timed = null;
      if (mode.equals("empty") || mode.equals("nothing")) {
        timed = new Timed(new EmptyProcessor(mode.equals("empty")));
        task.setProcessors(List.of(timed));
      } else if (!mode.equals("without")) {
        try {
          timed = new Timed((Processor) Class.forName("dev.poto.processor.PotoProcessor")
              .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("Poto's processor is not on the class path", e);
        }
        task.setProcessors(List.of(timed));
      }
      if (!task.call()) {
        System.err.println("javac failed");
        System.exit(1);
      }
      return timed;
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * CPU milliseconds of the JVM's own threads so far, {JIT compilers, garbage collector}, read from
   * {@code /proc} (the JVM does not show them to {@code ThreadMXBean}); zeros where there is no
   * {@code /proc}.
   */
  private static long[] vmThreadsCpuMillis() throws IOException {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return new long[] {0, 0};
    }
    long jit = 0;
    long gc = 0;
    try (var all = Files.list(tasks)) {
      for (Path task : all.toList()) {
        String name;
        String stat;
        try {
          name = Files.readString(task.resolve("comm")).trim();
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue; // the thread ended while we looked
        }
        // utime and stime are the 14th and 15th fields; the name before them may contain spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long millis = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / CLOCK_TICKS;
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          jit += millis;
        } else if (name.startsWith("GC ") || name.startsWith("G1 ")) {
          gc += millis;
        }
      }
    }
    return new long[] {jit, gc};
  }

  /** {@code USER_HZ}: 100 on every Linux distribution the JDK supports. */
  private static final long CLOCK_TICKS = 100;

  /**
   * The floor any annotation processor pays: it looks at every type ({@code *}, as Poto must) and writes
   * one empty class, which makes javac run a further round and enter every file again; or it writes
   * nothing, which leaves javac only its processing round.
   */
  private static final class EmptyProcessor extends AbstractProcessor {
    private boolean written;

    EmptyProcessor(boolean writesClass) {
      this.written = !writesClass;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!written) {
        written = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("bench.generated.Empty").openWriter()) {
          out.write("package bench.generated;\n\npublic final class Empty {}\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }

  /** Delegates to the real processor and adds up the time spent inside it. */
  private static final class Timed implements Processor {
    private final Processor delegate;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long nanos;
    long cpuNanos;

    Timed(Processor delegate) {
      this.delegate = delegate;
    }

    @Override
    public void init(ProcessingEnvironment env) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      delegate.init(env);
      nanos += System.nanoTime() - start;
      cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      long start = System.nanoTime();
      long cpuStart = threads.getCurrentThreadCpuTime();
      try {
        return delegate.process(annotations, round);
      } finally {
        nanos += System.nanoTime() - start;
        cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
      }
    }

    @Override
    public Set<String> getSupportedOptions() {
      return delegate.getSupportedOptions();
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return delegate.getSupportedAnnotationTypes();
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return delegate.getSupportedSourceVersion();
    }

    @Override
    public Iterable<? extends Completion> getCompletions(
        Element element, AnnotationMirror annotation, ExecutableElement member, String userText) {
      return delegate.getCompletions(element, annotation, member, userText);
    }
  }
}
