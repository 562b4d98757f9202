package dev.poto.contract.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The breaking changes a release makes on purpose, read from a small text file next to the baseline
 * (docs/CONTRACT.md): one change per line, written as the check prints it, {@code <rule> <location>},
 * optionally followed by {@code #} and the reason. Blank lines and lines starting with {@code #} are
 * ignored.
 *
 * <pre>
 * # notes 2.0 drops the tag filter; every client we ship was updated in 1.9
 * parameter-removed notes.list(tag)
 * enum-constant-removed com.example.Color::PURPLE   # never sent by any client
 * </pre>
 */
public record Acknowledgements(Set<String> keys) {
  /** The file name the check looks for next to a baseline file. */
  public static final String FILE_NAME = "contract-acknowledgements.txt";

  public Acknowledgements {
    keys = Set.copyOf(keys);
  }

  public static Acknowledgements none() {
    return new Acknowledgements(Set.of());
  }

  public static Acknowledgements parse(String text) {
    Set<String> keys = new LinkedHashSet<>();
    int number = 0;
    for (String raw : text.split("\n", -1)) {
      number++;
      int comment = raw.indexOf('#');
      String line = (comment >= 0 ? raw.substring(0, comment) : raw).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split("\\s+");
      if (parts.length != 2) {
        throw new IllegalArgumentException("Line " + number + " of the acknowledgements is not '<rule> <location>'"
            + " (as the check prints it, e.g. 'parameter-removed notes.list(tag)'): " + line);
      }
      keys.add(parts[0] + " " + parts[1]);
    }
    return new Acknowledgements(keys);
  }

  /** The file's acknowledgements, or none when it does not exist. */
  public static Acknowledgements read(Path file) throws IOException {
    return Files.exists(file) ? parse(Files.readString(file, StandardCharsets.UTF_8)) : none();
  }

  public boolean covers(Change change) {
    return keys.contains(change.key());
  }

  /** The acknowledgements no change matches (stale lines, or typos), sorted. */
  public List<String> unused(List<Change> changes) {
    Set<String> used = new LinkedHashSet<>();
    changes.forEach(c -> used.add(c.key()));
    return keys.stream().filter(k -> !used.contains(k)).sorted().toList();
  }
}
