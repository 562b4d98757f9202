package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The emitted TypeScript passes {@code tsc --strict} (TypeScript pinned in package-lock.json), both as
 * sources and as the browser pair {@code .js} + {@code .d.ts}, used by a consumer file with
 * {@code @ts-expect-error} lines that prove the types reject wrong calls.
 */
class TypeCheckTest {
  private static final Path TSC = Fixtures.basedir().resolve("node_modules/typescript/bin/tsc");

  @Test
  void typeScriptSourcesTypeCheckStrictly() throws Exception {
    Path dir = writeFixture("sources", name -> name.endsWith(".ts") && !name.endsWith(".d.ts"));
    assertThat(tsc(dir)).isEmpty();
  }

  @Test
  void browserModulesWithDeclarationsTypeCheckStrictly() throws Exception {
    Path dir = writeFixture("modules", name -> name.endsWith(".js") || name.endsWith(".d.ts"));
    assertThat(tsc(dir)).isEmpty();
  }

  @Test
  void theCheckFailsOnAWrongCall() throws Exception {
    Path dir = writeFixture("negative", name -> name.endsWith(".ts") && !name.endsWith(".d.ts"));
    Files.writeString(dir.resolve("wrong.ts"), """
        import { ShopModuleClient } from "./shop.js";
        export const wrong = (shop: ShopModuleClient) => shop.find(42);
        """);
    assertThat(tsc(dir)).contains("wrong.ts").contains("TS2345");
  }

  private static Path writeFixture(String name, java.util.function.Predicate<String> keep) throws IOException {
    Path dir = Fixtures.basedir().resolve("target/tsc-check/" + name);
    if (Files.exists(dir)) {
      try (var files = Files.walk(dir)) {
        for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    Files.createDirectories(dir);
    for (Map.Entry<String, String> file : Fixtures.shop().files().entrySet()) {
      if (keep.test(file.getKey())) {
        Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
      }
    }
    for (String support : List.of("usage.ts", "tsconfig.json")) {
      Files.writeString(dir.resolve(support), Javac.resource("typecheck/" + support), StandardCharsets.UTF_8);
    }
    return dir;
  }

  /** Runs tsc in {@code dir}; returns its output, empty when it passed. */
  private static String tsc(Path dir) throws IOException, InterruptedException {
    assertThat(TSC).as("TypeScript is installed by the build (npm ci); run the Maven build first").exists();
    Process process = new ProcessBuilder("node", TSC.toString(), "-p", "tsconfig.json")
        .directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("tsc finished").isTrue();
    if (process.exitValue() != 0) {
      assertThat(output).as("tsc failed, so it must say why").isNotBlank();
      return output;
    }
    return "";
  }
}
