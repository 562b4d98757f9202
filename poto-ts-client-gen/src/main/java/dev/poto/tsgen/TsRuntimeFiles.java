package dev.poto.tsgen;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hand-written client runtime, shipped in this jar as {@code poto-runtime.ts} plus its compiled
 * {@code .js} and {@code .d.ts} (built by tsc during the Maven build), copied next to generated files.
 */
public final class TsRuntimeFiles {
  private TsRuntimeFiles() {}

  static final String RESOURCE_DIR = "dev/poto/tsgen/runtime/";
  public static final List<String> NAMES = List.of("poto-runtime.ts", "poto-runtime.js", "poto-runtime.d.ts");

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
