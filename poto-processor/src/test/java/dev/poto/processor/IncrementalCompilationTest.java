package dev.poto.processor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractModule;
import dev.poto.contract.json.ContractJson;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.writer.ServicesFileWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * An IDE or build tool that recompiles only changed files runs the processor over those alone, into
 * the output of the last full build. Real javac runs into a real directory, like such a build.
 */
class IncrementalCompilationTest {
  private static final String SERVICES = ServicesFileWriter.PATH;
  private static final String CONTRACT = Contract.CLASS_PATH_LOCATION;
  private static final String ALPHA_BINDING = "com.example.inc.AlphaModuleDispatcher$Binding";
  private static final String BETA_BINDING = "com.example.inc.BetaModuleDispatcher$Binding";

  @TempDir Path dir;
  private Path src;
  private Path out;
  private final List<Diagnostic<? extends JavaFileObject>> diagnostics = new ArrayList<>();

  @BeforeEach
  void sources() throws IOException {
    src = Files.createDirectories(dir.resolve("src/com/example/inc"));
    out = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(src.resolve("AlphaModule.java"), module("AlphaModule", "alpha"));
    Files.writeString(src.resolve("BetaModule.java"), module("BetaModule", "beta"));
  }

  private static String module(String name, String greeting) {
    return """
        package com.example.inc;

        import dev.poto.annotations.Rpc;

        public class %s {
          @Rpc
          public String greet(String who) {
            return "%s " + who;
          }
        }
        """.formatted(name, greeting);
  }

  @Test
  void aFullCompilationRegistersEveryModuleAndWritesTheClient() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    assertThat(servicesFile()).containsExactly(ALPHA_BINDING, BETA_BINDING);
    assertThat(out.resolve("META-INF/poto/client/AlphaModule.ts")).exists();
    assertThat(out.resolve("META-INF/poto/client/BetaModule.ts")).exists();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void recompilingOneModuleKeepsTheOthersRegistrationAndLeavesTheClientAlone() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    Path types = out.resolve("META-INF/poto/client/types.ts");
    String typesBefore = Files.readString(types);
    String betaClientBefore = Files.readString(out.resolve("META-INF/poto/client/BetaModule.ts"));
    diagnostics.clear();

    Files.writeString(src.resolve("AlphaModule.java"), module("AlphaModule", "hello"));
    assertThat(compile("AlphaModule.java")).isTrue();

    assertThat(servicesFile()).containsExactly(ALPHA_BINDING, BETA_BINDING);
    assertThat(warnings()).singleElement().satisfies(warning -> {
      assertThat(warning).startsWith("[Poto/PartialCompilation]").contains("com.example.inc.BetaModuleDispatcher");
      assertThat(warning).isEqualTo(Messages.partialCompilation("com.example.inc.BetaModuleDispatcher"));
    });
    assertThat(Files.readString(types)).isEqualTo(typesBefore);
    assertThat(Files.readString(out.resolve("META-INF/poto/client/BetaModule.ts"))).isEqualTo(betaClientBefore);
  }

  @Test
  void aModuleWhoseClassesAreGoneIsDroppedFromTheRegistration() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    diagnostics.clear();
    // Beta deleted: the build tool removes its source and the classes compiled from it.
    Files.delete(src.resolve("BetaModule.java"));
    try (Stream<Path> files = Files.list(out.resolve("com/example/inc"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("Beta")).toList()) {
        Files.delete(file);
      }
    }

    assertThat(compile("AlphaModule.java")).isTrue();

    assertThat(servicesFile()).containsExactly(ALPHA_BINDING);
    assertThat(warnings()).isEmpty(); // nothing left out: the client is regenerated
  }

  @Test
  void recompilingOneModuleWritesTheSameContractAsAFullBuild() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    String betaEntryBefore = contractModule("beta");

    // Alpha changes shape (a new method with a record only it uses); Beta is not recompiled.
    Files.writeString(src.resolve("AlphaModule.java"), module("AlphaModule", "hello").replace(
        "  @Rpc\n  public String greet",
        "  public record Card(String title, java.util.List<Integer> marks) {}\n\n"
            + "  @Rpc\n  public Card card(int id) {\n    return null;\n  }\n\n"
            + "  @Rpc\n  public String greet"));
    assertThat(compile("AlphaModule.java")).isTrue();
    String incremental = Files.readString(out.resolve(CONTRACT));

    Path fresh = Files.createDirectories(dir.resolve("fresh"));
    assertThat(compileInto(fresh, "AlphaModule.java", "BetaModule.java")).isTrue();
    assertThat(incremental).isEqualTo(Files.readString(fresh.resolve(CONTRACT)));
    assertThat(incremental).contains("com.example.inc.AlphaModule.Card");
    assertThat(contractModule("beta")).isEqualTo(betaEntryBefore);
  }

  @Test
  void aDeletedModuleLeavesTheContract() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    Files.delete(src.resolve("BetaModule.java"));
    try (Stream<Path> files = Files.list(out.resolve("com/example/inc"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("Beta")).toList()) {
        Files.delete(file);
      }
    }
    assertThat(compile("AlphaModule.java")).isTrue();
    assertThat(ContractJson.read(Files.readString(out.resolve(CONTRACT))).modules())
        .extracting(ContractModule::route).containsExactly("AlphaModule");
  }

  @Test
  void anUnreadableEarlierContractIsReplacedWithAWarning() throws IOException {
    assertThat(compile("AlphaModule.java", "BetaModule.java")).isTrue();
    Files.writeString(out.resolve(CONTRACT), "{ not json");
    diagnostics.clear();
    assertThat(compile("AlphaModule.java")).isTrue();
    assertThat(warnings()).contains(Messages.partialContract("com.example.inc.BetaModuleDispatcher"));
    assertThat(ContractJson.read(Files.readString(out.resolve(CONTRACT))).modules())
        .extracting(ContractModule::route).containsExactly("AlphaModule");
  }

  private String contractModule(String route) throws IOException {
    Contract contract = ContractJson.read(Files.readString(out.resolve(CONTRACT)));
    return contract.modules().stream().filter(m -> m.route().equalsIgnoreCase(route + "Module")).findFirst()
        .orElseThrow().toString();
  }

  private boolean compile(String... files) throws IOException {
    return compileInto(out, files);
  }

  private boolean compileInto(Path out, String... files) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> collector = new DiagnosticCollector<>();
    try (StandardJavaFileManager fileManager = javac.getStandardFileManager(collector, null, null)) {
      List<Path> paths = Stream.of(files).map(src::resolve).toList();
      // The output is on the class path, as in an incremental build: unchanged classes come from there.
      List<String> options = List.of("-d", out.toString(), "-s", out.toString(), "-proc:full",
          "-classpath", out + java.io.File.pathSeparator + System.getProperty("java.class.path"));
      JavaCompiler.CompilationTask task = javac.getTask(Writer.nullWriter(), fileManager, collector, options,
          null, fileManager.getJavaFileObjectsFromPaths(paths));
      task.setProcessors(List.of(new PotoProcessor()));
      boolean ok = task.call();
      diagnostics.addAll(collector.getDiagnostics());
      return ok;
    }
  }

  private List<String> servicesFile() throws IOException {
    return Files.readAllLines(out.resolve(SERVICES)).stream().filter(line -> !line.isBlank()).toList();
  }

  private List<String> warnings() {
    return diagnostics.stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.WARNING || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING)
        .map(d -> d.getMessage(null))
        .filter(message -> message.startsWith("[Poto/"))
        .toList();
  }
}
