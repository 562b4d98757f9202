package dev.poto.processor.writer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.util.Elements;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Modules that an earlier compilation into the same class output registered and this one did not
 * compile. An IDE or build tool that recompiles only the changed files runs the processor over those
 * alone; without this, the services file it writes would forget every other module. Read from the
 * services file that compilation left, keeping bindings whose class is still on the class path (a
 * deleted module's classes are gone, so its entry goes too). Must be read before the services file is
 * written again.
 *
 * @param bindings binary names of the earlier modules' bindings, sorted
 */
public record EarlierModules(List<String> bindings) {
  private static final String BINDING_SUFFIX = "$Binding";

  public EarlierModules {
    bindings = List.copyOf(bindings);
  }

  /** No earlier modules: a full compilation (or the first one). */
  public static EarlierModules none() {
    return new EarlierModules(List.of());
  }

  /**
   * @param compiledNow bindings of the modules this compilation generated
   */
  public static EarlierModules find(Filer filer, Elements elements, Set<String> compiledNow) {
    Set<String> kept = new TreeSet<>();
    for (String binding : readPreviousServicesFile(filer)) {
      if (!compiledNow.contains(binding) && stillExists(elements, binding)) {
        kept.add(binding);
      }
    }
    return new EarlierModules(List.copyOf(kept));
  }

  public boolean isEmpty() {
    return bindings.isEmpty();
  }

  /** The earlier modules' dispatchers, for messages ({@code com.example.TodoModuleDispatcher, ...}). */
  public String describe() {
    return String.join(", ", bindings.stream().map(EarlierModules::dispatcherName).toList());
  }

  private static Set<String> readPreviousServicesFile(Filer filer) {
    Set<String> lines = new TreeSet<>();
    try {
      FileObject previous = filer.getResource(StandardLocation.CLASS_OUTPUT, "", ServicesFileWriter.PATH);
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(previous.openInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          int comment = line.indexOf('#');
          String entry = (comment >= 0 ? line.substring(0, comment) : line).strip();
          if (!entry.isEmpty()) {
            lines.add(entry);
          }
        }
      }
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      // No earlier file (the usual case), or an output location that cannot be read back.
    }
    return lines;
  }

  /** Bindings are the nested class {@code Binding} of a top-level generated dispatcher. */
  private static boolean stillExists(Elements elements, String binding) {
    if (!binding.endsWith(BINDING_SUFFIX)) {
      return false; // not one of ours: dropped
    }
    return elements.getTypeElement(dispatcherName(binding) + ".Binding") != null;
  }

  private static String dispatcherName(String binding) {
    return binding.endsWith(BINDING_SUFFIX) ? binding.substring(0, binding.length() - BINDING_SUFFIX.length()) : binding;
  }
}
