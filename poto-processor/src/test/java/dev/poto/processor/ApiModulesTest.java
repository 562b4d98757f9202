package dev.poto.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.Contract;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.writer.ModuleIndexWriter;
import dev.poto.processor.writer.ServicesFileWriter;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Contract-first modules: an {@code @RpcModule} interface compiled on its own (the API artifact) gets
 * the descriptor and both clients, a class implementing it compiled later against those class files
 * (the server artifact) gets the dispatcher. Real javac into real directories, as two Maven modules.
 */
class ApiModulesTest {
  private static final String API = """
      package com.example.api;

      import dev.poto.annotations.*;
      import java.util.List;
      import java.util.stream.Stream;

      @RpcModule("notes")
      public interface NotesApi {
        record Note(long id, String text) {}

        /** Adds a note. */
        @Rpc Note add(String text);
        @Rpc @Public List<Note> list(int limit);
        @Rpc @Roles("admin") int clear();
        @Rpc Stream<Note> watch();
        @Rpc default String hello(String who) { return "hello " + who; }
      }
      """;

  private static final String SERVICE = """
      package com.example.server;

      import com.example.api.NotesApi;
      import java.util.List;
      import java.util.stream.Stream;

      public class NotesService implements NotesApi {
        public Note add(String text) { return new Note(1, text); }
        public List<Note> list(int limit) { return List.of(new Note(limit, "listed")); }
        public int clear() { return 42; }
        public Stream<Note> watch() { return Stream.of(new Note(7, "watched")); }
      }
      """;

  @TempDir Path dir;
  private Path apiOut;
  private Path serverOut;
  private final List<Diagnostic<? extends JavaFileObject>> diagnostics = new ArrayList<>();

  @BeforeEach
  void directories() throws IOException {
    apiOut = Files.createDirectories(dir.resolve("api-classes"));
    serverOut = Files.createDirectories(dir.resolve("server-classes"));
  }

  @Test
  void theApiArtifactGetsTheContractAndBothClientsButNoDispatcher() throws IOException {
    assertThat(compile(apiOut, List.of(), source("com/example/api/NotesApi.java", API))).isTrue();

    assertThat(apiOut.resolve("com/example/api/NotesApiDescriptor.class")).exists();
    assertThat(apiOut.resolve("com/example/api/NotesApiClient.class")).exists();
    assertThat(apiOut.resolve("META-INF/poto/client/notes.ts")).exists();
    assertThat(apiOut.resolve("META-INF/poto/client/types.ts")).exists();
    assertThat(Files.readString(apiOut.resolve(Contract.CLASS_PATH_LOCATION))).contains("\"notes\"");
    assertThat(apiOut.resolve("com/example/api/NotesApiDispatcher.class")).doesNotExist();
    assertThat(apiOut.resolve(ServicesFileWriter.PATH)).doesNotExist();
    assertThat(Files.readAllLines(apiOut.resolve(ModuleIndexWriter.PATH))).containsExactly("com.example.api.NotesApi");
    // Every result arrives in its declared form, so the client is an implementation of the interface.
    assertThat(Files.readString(apiOut.resolve("com/example/api/NotesApiClient.java")))
        .contains("public final class NotesApiClient implements NotesApi");
    assertThat(poto()).isEmpty();
  }

  @Test
  void theServerArtifactGetsOnlyTheDispatcherWhichCallsTheImplementationByTheApisDescriptor() throws Exception {
    assertThat(compile(apiOut, List.of(), source("com/example/api/NotesApi.java", API))).isTrue();
    assertThat(compile(serverOut, List.of(apiOut), source("com/example/server/NotesService.java", SERVICE))).isTrue();

    assertThat(serverOut.resolve("com/example/server/NotesServiceDispatcher.class")).exists();
    assertThat(Files.readAllLines(serverOut.resolve(ServicesFileWriter.PATH)))
        .containsExactly("com.example.server.NotesServiceDispatcher$Binding");
    try (Stream<Path> generated = Files.walk(serverOut)) {
      assertThat(generated.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("Descriptor") || name.contains("Client") || name.endsWith(".ts"));
    }
    assertThat(serverOut.resolve(ModuleIndexWriter.PATH)).doesNotExist(); // no contract written here
    assertThat(serverOut.resolve(Contract.CLASS_PATH_LOCATION)).doesNotExist(); // it is the API jar's
    assertThat(poto()).isEmpty();

    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {apiOut.toUri().toURL(), serverOut.toUri().toURL()}, getClass().getClassLoader())) {
      ModuleBinding binding = ServiceLoader.load(ModuleBinding.class, loader).findFirst().orElseThrow();
      Object service = loader.loadClass("com.example.server.NotesService").getConstructor().newInstance();
      assertThat(binding.moduleType()).isEqualTo(service.getClass());
      ModuleDispatcher dispatcher = binding.bind(service);
      // The table is the API's descriptor, and every index reaches the method of that name.
      List<String> names = dispatcher.methods().stream().map(RpcMethod::name).toList();
      assertThat(names).containsExactly("add", "list", "clear", "watch", "hello");
      assertThat(dispatcher.methods().getFirst().module()).isEqualTo("notes");
      assertThat(dispatcher.invoke(names.indexOf("add"), new Object[] {"x"}).toString()).isEqualTo("Note[id=1, text=x]");
      assertThat(dispatcher.invoke(names.indexOf("list"), new Object[] {3}).toString()).isEqualTo("[Note[id=3, text=listed]]");
      assertThat(dispatcher.invoke(names.indexOf("clear"), new Object[0])).isEqualTo(42);
      assertThat(dispatcher.invoke(names.indexOf("hello"), new Object[] {"you"})).isEqualTo("hello you");
      // Who may call comes from the interface.
      assertThat(dispatcher.access(names.indexOf("add"))).isEqualTo(MethodAccess.AUTHENTICATED);
      assertThat(dispatcher.access(names.indexOf("list"))).isEqualTo(MethodAccess.PUBLIC);
      assertThat(dispatcher.access(names.indexOf("clear"))).isEqualTo(MethodAccess.roles("admin"));
    }
  }

  @Test
  void anApiAndItsImplementationCompiledTogetherGetEverythingOnce() throws IOException {
    assertThat(compile(apiOut, List.of(), source("com/example/api/NotesApi.java", API),
        source("com/example/server/NotesService.java", SERVICE))).isTrue();
    assertThat(apiOut.resolve("com/example/api/NotesApiDescriptor.class")).exists();
    assertThat(apiOut.resolve("com/example/server/NotesServiceDispatcher.class")).exists();
    assertThat(Files.readAllLines(apiOut.resolve(ServicesFileWriter.PATH)))
        .containsExactly("com.example.server.NotesServiceDispatcher$Binding");
    assertThat(poto()).isEmpty(); // the shared route is not a duplicate
  }

  @Test
  void anImplementationWhoseApiWasCompiledWithoutTheProcessorIsAnErrorWithAFix() throws IOException {
    assertThat(compileWithoutProcessor(apiOut, source("com/example/api/NotesApi.java", API))).isTrue();
    assertThat(compile(serverOut, List.of(apiOut), source("com/example/server/NotesService.java", SERVICE))).isFalse();
    assertThat(poto()).containsExactly(Messages.missingDescriptor(
        "com.example.server.NotesService", "com.example.api.NotesApi", "com.example.api.NotesApiDescriptor"));
  }

  @Test
  void recompilingOneApiOfAnArtifactKeepsTheOthersAndLeavesTheTypeScriptClientAlone() throws IOException {
    Path other = source("com/example/api/TagsApi.java", """
        package com.example.api;
        import dev.poto.annotations.*;
        @RpcModule("tags") public interface TagsApi { @Rpc String tag(String name); }
        """);
    Path notes = source("com/example/api/NotesApi.java", API);
    assertThat(compile(apiOut, List.of(apiOut), notes, other)).isTrue();
    String typesBefore = Files.readString(apiOut.resolve("META-INF/poto/client/types.ts"));
    diagnostics.clear();

    assertThat(compile(apiOut, List.of(apiOut), notes)).isTrue();

    assertThat(Files.readAllLines(apiOut.resolve(ModuleIndexWriter.PATH)))
        .containsExactly("com.example.api.NotesApi", "com.example.api.TagsApi");
    assertThat(warnings()).containsExactly(Messages.partialCompilation("com.example.api.TagsApi"));
    assertThat(Files.readString(apiOut.resolve("META-INF/poto/client/types.ts"))).isEqualTo(typesBefore);
  }

  private Path source(String path, String text) throws IOException {
    Path file = dir.resolve("src").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private boolean compile(Path out, List<Path> classPath, Path... sources) throws IOException {
    return javac(out, classPath, true, sources);
  }

  private boolean compileWithoutProcessor(Path out, Path... sources) throws IOException {
    return javac(out, List.of(), false, sources);
  }

  private boolean javac(Path out, List<Path> classPath, boolean processor, Path... sources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(collector, null, null)) {
      List<String> path = new ArrayList<>(classPath.stream().map(Path::toString).toList());
      path.add(System.getProperty("java.class.path"));
      List<String> options = List.of("-d", out.toString(), "-s", out.toString(), processor ? "-proc:full" : "-proc:none",
          "-classpath", String.join(File.pathSeparator, path));
      JavaCompiler.CompilationTask task = javac.getTask(Writer.nullWriter(), files, collector, options, null,
          files.getJavaFileObjectsFromPaths(List.of(sources)));
      if (processor) {
        task.setProcessors(List.of(new PotoProcessor()));
      }
      boolean ok = task.call();
      diagnostics.addAll(collector.getDiagnostics());
      return ok;
    }
  }

  /** Every Poto diagnostic, errors and warnings. */
  private List<String> poto() {
    return diagnostics.stream().map(d -> d.getMessage(null)).filter(m -> m.startsWith("[Poto/")).toList();
  }

  private List<String> warnings() {
    return diagnostics.stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
        .map(d -> d.getMessage(null))
        .filter(message -> message.startsWith("[Poto/"))
        .toList();
  }
}
