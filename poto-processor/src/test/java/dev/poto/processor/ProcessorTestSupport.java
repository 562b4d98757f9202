package dev.poto.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.tools.JavaFileObject;

/** Compiles test sources with the processor, the way a user's build would. */
final class ProcessorTestSupport {
  private ProcessorTestSupport() {}

  static final JavaFileObject TODO_MODULE = JavaFileObjects.forResource("sources/com/example/TodoModule.java");
  static final JavaFileObject NULLABLE = JavaFileObjects.forResource("sources/com/example/Nullable.java");

  /**
   * Generated clients call {@code dev.poto.client.PotoClient}. Until that class exists on the test
   * classpath (it is written in parallel), this stand-in with the agreed method shapes lets the
   * generated clients compile; once the real class is present it is used instead.
   */
  private static final JavaFileObject POTO_CLIENT_STAND_IN =
      JavaFileObjects.forSourceLines(
          "dev.poto.client.PotoClient",
          "package dev.poto.client;",
          "import dev.poto.protocol.RpcMethod;",
          "public class PotoClient {",
          "  public <T> T call(RpcMethod method, Object... args) { throw new UnsupportedOperationException(); }",
          "  public <T> java.util.stream.Stream<T> stream(RpcMethod method, Object... args) {",
          "    throw new UnsupportedOperationException();",
          "  }",
          "  public byte[] bytes(RpcMethod method, Object... args) { throw new UnsupportedOperationException(); }",
          "  public java.io.InputStream inputStream(RpcMethod method, Object... args) {",
          "    throw new UnsupportedOperationException();",
          "  }",
          "}");

  static JavaFileObject potoClientStandIn() {
    return POTO_CLIENT_STAND_IN;
  }

  static Compilation compile(JavaFileObject... sources) {
    List<JavaFileObject> all = new ArrayList<>(List.of(sources));
    if (!realPotoClientPresent()) {
      all.add(POTO_CLIENT_STAND_IN);
    }
    return Compiler.javac()
        .withProcessors(new PotoProcessor())
        .withOptions("-Xlint:all,-processing")
        .compile(all);
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

  static boolean realPotoClientPresent() {
    try {
      Class.forName("dev.poto.client.PotoClient", false, ProcessorTestSupport.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
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
