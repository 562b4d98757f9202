package dev.poto.processor.writer;

import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ModuleNames;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.List;
import java.util.stream.Collectors;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.StandardLocation;

/**
 * Lists the modules whose contract (descriptor and clients) a compilation wrote, classes and API
 * interfaces, in {@value #PATH}. API modules have no binding in the services file, so this is how an
 * incremental compilation learns which API modules an earlier one compiled into the same output (see
 * {@link EarlierModules}) and keeps their TypeScript client rather than replacing it with one that covers
 * only the recompiled modules. Read and written only by compilations that write a contract.
 */
public final class ModuleIndexWriter implements OutputWriter {
  public static final String PATH = "META-INF/poto/modules";

  private final Filer filer;

  public ModuleIndexWriter(Filer filer) {
    this.filer = filer;
  }

  /** The modules whose contract this compilation wrote. */
  public static Set<String> modules(CompilationModel model) {
    return model.contractModules().stream().map(module -> module.element().getQualifiedName().toString())
        .collect(Collectors.toSet());
  }

  /**
   * An earlier API module counts while its interface and its descriptor are on the class path; class
   * modules are left to the services file, which knows them by their bindings.
   */
  static boolean isRemainingApi(Elements elements, String module) {
    TypeElement type = elements.getTypeElement(module);
    return type != null && type.getKind().isInterface()
        && elements.getTypeElement(ModuleNames.descriptor(type).canonicalName()) != null;
  }

  @Override
  public void finish(CompilationModel model, EarlierModules earlier) throws IOException {
    List<ModuleModel> modules = model.contractModules();
    if (modules.isEmpty()) {
      return;
    }
    TreeSet<String> all = new TreeSet<>(modules(model));
    all.addAll(earlier.apis());
    var file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", PATH, modules.stream().map(ModuleModel::element).toArray(Element[]::new));
    try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
      for (String module : all) {
        out.write(module);
        out.write('\n');
      }
    }
  }
}
