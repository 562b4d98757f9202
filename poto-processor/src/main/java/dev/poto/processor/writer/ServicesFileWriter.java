package dev.poto.processor.writer;

import dev.poto.processor.model.ModuleModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.StandardLocation;

/**
 * Lists every module's {@code Binding} in {@code META-INF/services/dev.poto.runtime.dispatch.ModuleBinding}
 * so the runtime finds dispatchers through {@link java.util.ServiceLoader}. Aggregates over all
 * rounds and writes once, sorted, when processing is over, keeping the entries of modules an earlier
 * compilation into the same output registered (see {@link EarlierModules}), as AutoService does.
 */
public final class ServicesFileWriter implements OutputWriter {
  public static final String PATH = "META-INF/services/dev.poto.runtime.dispatch.ModuleBinding";

  private final Filer filer;
  private final TreeMap<String, TypeElement> bindings = new TreeMap<>();

  public ServicesFileWriter(Filer filer) {
    this.filer = filer;
  }

  @Override
  public void write(ModuleModel module) {
    bindings.put(module.bindingBinaryName(), module.element());
  }

  /** The bindings of the modules this compilation generated. */
  public Set<String> compiledNow() {
    return Set.copyOf(bindings.keySet());
  }

  /** Writes this compilation's bindings and those kept from an earlier one (an incremental build). */
  @Override
  public void finish(EarlierModules earlier) throws IOException {
    if (bindings.isEmpty()) {
      return; // no module compiled now: an earlier file, if any, stays as it is
    }
    List<Element> origins = new ArrayList<>(bindings.values());
    TreeSet<String> all = new TreeSet<>(bindings.keySet());
    all.addAll(earlier.bindings());
    var file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, origins.toArray(Element[]::new));
    try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String binding : all) {
        out.write(binding);
        out.write('\n');
      }
    }
  }
}
