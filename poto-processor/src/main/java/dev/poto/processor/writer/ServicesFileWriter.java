package dev.poto.processor.writer;

import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.StandardLocation;

/**
 * Lists every module's {@code Binding} in {@code META-INF/services/dev.poto.runtime.dispatch.ModuleBinding}
 * so the runtime finds dispatchers through {@link java.util.ServiceLoader}. Written once, sorted, when processing is over, keeping the entries of modules an earlier
 * compilation into the same output registered (see {@link EarlierModules}), as AutoService does.
 */
public final class ServicesFileWriter implements OutputWriter {
  public static final String PATH = "META-INF/services/dev.poto.runtime.dispatch.ModuleBinding";

  private final Filer filer;

  public ServicesFileWriter(Filer filer) {
    this.filer = filer;
  }

  /** The bindings of the modules this compilation generated. */
  public static Set<String> bindings(CompilationModel model) {
    return model.dispatchedModules().stream().map(ModuleModel::bindingBinaryName).collect(Collectors.toSet());
  }

  /** Writes this compilation's bindings and those kept from an earlier one (an incremental build). */
  @Override
  public void finish(CompilationModel model, EarlierModules earlier) throws IOException {
    if (model.dispatchedModules().isEmpty()) {
      return; // no module compiled now: an earlier file, if any, stays as it is
    }
    Element[] origins = model.dispatchedModules().stream().map(ModuleModel::element).toArray(Element[]::new);
    TreeSet<String> all = new TreeSet<>(bindings(model));
    all.addAll(earlier.bindings());
    var file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, origins);
    try (Writer out = new java.io.OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String binding : all) {
        out.write(binding);
        out.write('\n');
      }
    }
  }
}
