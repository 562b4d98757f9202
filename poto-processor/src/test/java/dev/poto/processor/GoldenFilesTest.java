package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated descriptor, dispatcher and client of a representative module, compared exactly with the files
 * under {@code src/test/resources/golden}. Run with {@code -Dpoto.regenerateGolden=true} to rewrite
 * them after an intended change, then review the diff.
 */
class GoldenFilesTest {
  private static Compilation compilation;

  @BeforeAll
  static void compileRepresentativeModule() {
    compilation = ProcessorTestSupport.compile(ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
  }

  @Test
  void generatedCodeCompilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void dispatcherMatchesGoldenFile() throws IOException {
    compareWithGolden("com.example.TodoModuleDispatcher");
  }

  @Test
  void descriptorMatchesGoldenFile() throws IOException {
    compareWithGolden("com.example.TodoModuleDescriptor");
  }

  @Test
  void clientMatchesGoldenFile() throws IOException {
    compareWithGolden("com.example.TodoModuleClient");
  }

  private static void compareWithGolden(String qualifiedName) throws IOException {
    String actual =
        ProcessorTestSupport.generatedSource(compilation, qualifiedName)
            .orElseThrow(() -> new AssertionError(qualifiedName + " was not generated"));
    Path golden = goldenDir().resolve(qualifiedName.replace('.', '/') + ".java");
    if (Boolean.getBoolean("poto.regenerateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      System.out.println("Rewrote golden file " + golden);
      return;
    }
    assertThat(golden).as("golden file (create it with -Dpoto.regenerateGolden=true)").exists();
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }

  private static Path goldenDir() {
    String configured = System.getProperty("poto.goldenDir");
    return Path.of(configured != null ? configured : "src/test/resources/golden");
  }
}
