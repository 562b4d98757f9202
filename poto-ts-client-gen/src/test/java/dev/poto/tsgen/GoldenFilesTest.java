package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The emitted client for the shop fixture, byte for byte. After an intended change, regenerate with
 * {@code ./poto mvn -pl poto-ts-client-gen verify -Dpoto.regenerateGolden=true} and review the diff.
 */
class GoldenFilesTest {
  private static final Path GOLDEN = Fixtures.basedir().resolve("src/test/resources/golden/shop");

  @Test
  void generatedFilesMatchTheGoldenFiles() throws IOException {
    TsGenerationResult result = Fixtures.shop();
    assertThat(result.problems()).isEmpty();
    Map<String, String> generated = new TreeMap<>(result.files());
    TsRuntimeFiles.NAMES.forEach(generated::remove); // the runtime has its own tests
    if (Boolean.getBoolean("poto.regenerateGolden")) {
      if (Files.isDirectory(GOLDEN)) {
        try (Stream<Path> old = Files.list(GOLDEN)) {
          for (Path file : old.toList()) {
            Files.delete(file);
          }
        }
      }
      Files.createDirectories(GOLDEN);
      for (Map.Entry<String, String> file : generated.entrySet()) {
        Files.writeString(GOLDEN.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
    }
    Map<String, String> golden = new TreeMap<>();
    try (Stream<Path> files = Files.list(GOLDEN)) {
      for (Path file : files.toList()) {
        golden.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
      }
    }
    assertThat(generated.keySet()).containsExactlyElementsOf(golden.keySet());
    generated.forEach((name, text) -> assertThat(text).as(name).isEqualTo(golden.get(name)));
  }

  @Test
  void generationIsDeterministic() {
    TsGenerationResult again = Javac.generate(Fixtures.shopSources());
    assertThat(again.files()).isEqualTo(Fixtures.shop().files());
  }

  @Test
  void theRuntimeShipsWithTheGeneratedFiles() {
    assertThat(Fixtures.shop().files()).containsKeys(TsRuntimeFiles.NAMES.toArray(String[]::new));
    assertThat(Fixtures.shop().files().get("poto-client.js")).contains("export class PotoClient");
    assertThat(Fixtures.shop().files().get("poto-runtime.js")).contains("PotoClient").contains("from \"./poto-client.js\"");
  }
}
