package dev.poto.it.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript client generated for the it modules passes {@code tsc --strict} (TypeScript pinned in
 * it/package-lock.json), as sources and as the browser pair .js + .d.ts, used by usage.ts whose
 * {@code @ts-expect-error} lines prove the types reject wrong calls.
 */
class WireTypeCheckTest {
  private static final Path WORK = NodeTools.BASEDIR.resolve("target/tsc-wire");

  @Test
  void generatedSourcesTypeCheckStrictly() throws Exception {
    NodeTools.Result result = tsc(prepare("sources", name -> name.endsWith(".ts") && !name.endsWith(".d.ts")));
    assertThat(result.exitCode()).as("tsc --strict over the generated .ts:\n%s", result.output()).isZero();
  }

  @Test
  void browserModulesWithDeclarationsTypeCheckStrictly() throws Exception {
    NodeTools.Result result = tsc(prepare("modules", name -> name.endsWith(".js") || name.endsWith(".d.ts")));
    assertThat(result.exitCode()).as("tsc --strict over the generated .js + .d.ts:\n%s", result.output()).isZero();
  }

  @Test
  void theCheckCatchesAWrongCall() throws Exception {
    Path dir = prepare("negative", name -> name.endsWith(".ts") && !name.endsWith(".d.ts"));
    Files.writeString(dir.resolve("wrong.ts"), """
        import { PotoClient } from "./poto-runtime.js";
        import { WireTypesModuleClient } from "./wire.js";
        export const wrong = new WireTypesModuleClient(new PotoClient()).tree("deep");
        """);
    NodeTools.Result result = tsc(dir);
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("wrong.ts").contains("TS2345");
  }

  private static Path prepare(String name, Predicate<String> keep) throws IOException {
    NodeTools.requireNodeModules("typescript");
    NodeTools.requireGeneratedClient("wire.ts", "wire.js", "wire.d.ts");
    Path dir = WORK.resolve(name);
    NodeTools.deleteTree(dir);
    Files.createDirectories(dir);
    try (var files = Files.list(NodeTools.CLIENT_DIR)) {
      for (Path file : files.toList()) {
        if (keep.test(file.getFileName().toString())) {
          NodeTools.copy(file, dir.resolve(file.getFileName()));
        }
      }
    }
    for (String support : new String[] {"usage.ts", "declared-errors-usage.ts", "tsconfig.json"}) {
      NodeTools.copy(NodeTools.TESTS.resolve("typecheck").resolve(support), dir.resolve(support));
    }
    return dir;
  }

  private static NodeTools.Result tsc(Path dir) throws Exception {
    return NodeTools.node(dir, Map.of(), 180,
        NodeTools.NODE_MODULES.resolve("typescript/bin/tsc").toString(), "-p", "tsconfig.json", "--strict", "--noEmit");
  }
}
