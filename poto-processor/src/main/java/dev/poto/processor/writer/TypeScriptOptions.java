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
 * @param bigIntLongs {@value #LONG}: {@code bigint} makes every {@code long} a TS bigint (exact over all
 *     64 bits); {@code number} (the default) keeps numbers and refuses values beyond ±(2^53 - 1).
 *     {@code @LongAsBigInt} chooses per element.
 */
public record TypeScriptOptions(boolean enabled, Path outDir, boolean bigIntLongs) {
  public static final String ENABLED = "poto.ts";
  public static final String OUT_DIR = "poto.ts.out";
  public static final String LONG = "poto.ts.long";
  public static final Set<String> NAMES = Set.of(ENABLED, OUT_DIR, LONG);

  /**
   * Reads the options; an unknown value is an error rather than a guess.
   *
   * @throws InvalidOption with what was expected
   */
  public static TypeScriptOptions from(Map<String, String> options) {
    boolean enabled = InvalidOption.flag(options, ENABLED, true);
    String longs = options.getOrDefault(LONG, "number").strip();
    if (!longs.equals("number") && !longs.equals("bigint")) {
      throw new InvalidOption(LONG, longs, "number or bigint");
    }
    String out = options.get(OUT_DIR);
    return new TypeScriptOptions(enabled,
        out == null || out.isBlank() ? null : Path.of(out.strip()).toAbsolutePath(), longs.equals("bigint"));
  }
}
