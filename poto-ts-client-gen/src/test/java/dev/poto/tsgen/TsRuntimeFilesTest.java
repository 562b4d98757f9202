package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.tsgen.mapping.TsNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The runtime's module list is the set of modules in src/main/ts, and no module route can take their names. */
class TsRuntimeFilesTest {

  @Test
  void everyRuntimeModuleIsShipped() throws IOException {
    try (Stream<Path> files = Files.list(Fixtures.basedir().resolve("src/main/ts"))) {
      assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".ts"))
          .map(name -> name.substring(0, name.length() - ".ts".length())))
          .containsExactlyInAnyOrderElementsOf(TsRuntimeFiles.MODULES);
    }
    assertThat(TsRuntimeFiles.load()).containsOnlyKeys(TsRuntimeFiles.NAMES);
  }

  @Test
  void runtimeModuleNamesAreReservedForModuleRoutes() {
    for (String module : TsRuntimeFiles.MODULES) {
      assertThat(module).startsWith(TsNames.RUNTIME_FILE_PREFIX);
      assertThat(TsNames.isReservedFileName(module)).as(module).isTrue();
    }
  }
}
