package dev.poto.processor.writer;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The processor options of the TypeScript client, given as {@code -A<name>=<value>}.
 *
 * @param enabled {@value #ENABLED}: {@code false} turns the TypeScript client off (default on)
 * @param outDir {@value #OUT_DIR}: an extra directory the client files are written to (absolute, or
 *     relative to javac's working directory), for a front-end build to pick up; null when unset
 */
public record TypeScriptOptions(boolean enabled, Path outDir) {
  public static final String ENABLED = "poto.ts";
  public static final String OUT_DIR = "poto.ts.out";
  public static final Set<String> NAMES = Set.of(ENABLED, OUT_DIR);

  /**
   * Reads the options; an unknown value of {@value #ENABLED} is an error rather than a guess.
   *
   * @throws IllegalArgumentException with a message for the user
   */
  public static TypeScriptOptions from(Map<String, String> options) {
    String enabled = options.getOrDefault(ENABLED, "true").strip();
    if (!enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException("-A" + ENABLED + " must be true or false, was '" + enabled + "'");
    }
    String out = options.get(OUT_DIR);
    return new TypeScriptOptions(
        enabled.equals("true"), out == null || out.isBlank() ? null : Path.of(out.strip()).toAbsolutePath());
  }
}
