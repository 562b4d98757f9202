package dev.poto.tsgen;

import dev.poto.tsgen.mapping.TsNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The hand-written client runtime, shipped in this jar as ES modules ({@code poto-runtime.ts}, the public
 * entry, and the {@code poto-*.ts} parts it re-exports) plus their compiled {@code .js} and {@code .d.ts}
 * (built by tsc during the Maven build), copied next to generated files.
 */
public final class TsRuntimeFiles {
  private TsRuntimeFiles() {}

  static final String RESOURCE_DIR = "dev/poto/tsgen/runtime/";
  /**
   * The runtime's modules, as named in {@code src/main/ts}; all start with {@value TsNames#RUNTIME_FILE_PREFIX}
   * so that no module route can take their file names.
   */
  public static final List<String> MODULES = List.of(
      "poto-runtime", "poto-client", "poto-errors", "poto-declared-errors", "poto-tokens", "poto-codecs", "poto-readers", "poto-dates",
      "poto-base64", "poto-events", "poto-typed-json", "poto-direct-stream", "poto-node-http", "poto-shared-streams",
      "poto-interceptors", "poto-uploads");
  public static final List<String> NAMES = MODULES.stream()
      .flatMap(module -> Stream.of(module + ".ts", module + ".js", module + ".d.ts"))
      .toList();

  /** File name to content, e.g. {@code poto-runtime.js}. */
  public static Map<String, String> load() {
    Map<String, String> files = new TreeMap<>();
    for (String name : NAMES) {
      try (InputStream in = TsRuntimeFiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
        if (in == null) {
          throw new IllegalStateException("the jar lacks " + RESOURCE_DIR + name + ": it was built without tsc");
        }
        files.put(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return files;
  }
}
