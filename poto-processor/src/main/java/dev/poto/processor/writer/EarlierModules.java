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
 * <p>API modules (interfaces) have no binding; they are found in {@link ModuleIndexWriter#PATH}, read the
 * same way (only by a compilation that writes a contract, which then writes it again) and kept while the
 * interface and its descriptor are still on the class path.
 *
 * @param bindings binary names of the earlier modules' bindings, sorted
 * @param apis qualified names of the earlier API modules, sorted
 */
public record EarlierModules(List<String> bindings, List<String> apis) {
  private static final String BINDING_SUFFIX = "$Binding";

  public EarlierModules {
    bindings = List.copyOf(bindings);
    apis = List.copyOf(apis);
  }

  /** No earlier modules: a full compilation (or the first one). */
  public static EarlierModules none() {
    return new EarlierModules(List.of(), List.of());
  }

  /**
   * @param compiledNow bindings of the modules this compilation generated
   * @param contractsCompiledNow the modules whose contract this compilation wrote
   */
  public static EarlierModules find(Filer filer, Elements elements, Set<String> compiledNow, Set<String> contractsCompiledNow) {
    Set<String> kept = new TreeSet<>();
    for (String binding : readPrevious(filer, ServicesFileWriter.PATH)) {
      if (!compiledNow.contains(binding) && stillExists(elements, binding)) {
        kept.add(binding);
      }
    }
    Set<String> keptApis = new TreeSet<>();
    if (!contractsCompiledNow.isEmpty()) {
      for (String module : readPrevious(filer, ModuleIndexWriter.PATH)) {
        if (!contractsCompiledNow.contains(module) && ModuleIndexWriter.isRemainingApi(elements, module)) {
          keptApis.add(module);
        }
      }
    }
    return new EarlierModules(List.copyOf(kept), List.copyOf(keptApis));
  }

  public boolean isEmpty() {
    return bindings.isEmpty() && apis.isEmpty();
  }

  /** The earlier modules, for messages ({@code com.example.TodoModuleDispatcher, com.example.TodoApi}). */
  public String describe() {
    List<String> names = new java.util.ArrayList<>(bindings.stream().map(EarlierModules::dispatcherName).toList());
    names.addAll(apis);
    return String.join(", ", names);
  }

  private static Set<String> readPrevious(Filer filer, String path) {
    Set<String> lines = new TreeSet<>();
    try {
      FileObject previous = filer.getResource(StandardLocation.CLASS_OUTPUT, "", path);
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
