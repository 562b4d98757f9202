package dev.poto.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, the way a user's build would. */
final class ProcessorTestSupport {
  private ProcessorTestSupport() {}

  static final JavaFileObject TODO_MODULE = JavaFileObjects.forResource("sources/com/example/TodoModule.java");
  static final JavaFileObject NULLABLE = JavaFileObjects.forResource("sources/com/example/Nullable.java");

  static Compilation compile(JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(new PotoProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(sources);
  }

  /**
   * Runs javac with only annotation processing, writing generated sources and resources into
   * {@code out}; returns whether it succeeded. Unlike compile-testing, the outputs stay readable
   * when the compilation fails.
   */
  static boolean generateInto(java.nio.file.Path out, JavaFileObject... sources) {
    javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
    List<String> options =
        List.of("-proc:only", "-d", out.toString(), "-s", out.toString(),
            "-classpath", System.getProperty("java.class.path"));
    javax.tools.JavaCompiler.CompilationTask task =
        javac.getTask(java.io.Writer.nullWriter(), null, diagnostic -> {}, options, null, List.of(sources));
    task.setProcessors(List.of(new PotoProcessor()));
    return task.call();
  }

  static String source(String... lines) {
    return String.join("\n", lines);
  }

  /** The text of a generated source file, or empty when it was not generated. */
  static Optional<String> generatedSource(Compilation compilation, String qualifiedName) {
    return compilation.generatedSourceFile(qualifiedName).map(ProcessorTestSupport::content);
  }

  static String content(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
