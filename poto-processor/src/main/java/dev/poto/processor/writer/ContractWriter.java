package dev.poto.processor.writer;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractModule;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeReferences;
import dev.poto.contract.json.ContractJson;
import dev.poto.contract.openapi.OpenApiDocument;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ModuleNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes the contract ({@value Contract#CLASS_PATH_LOCATION}, docs/CONTRACT.md) once processing is
 * over: every module of the compilation with the types they reach. In an incremental build (see
 * {@link EarlierModules}) the modules not compiled now keep their entries, and the types those reach,
 * from the file the earlier compilation left, so the file still covers every module.
 */
public final class ContractWriter implements OutputWriter {
  private final Filer filer;
  private final Elements elements;
  private final Messager messager;

  public ContractWriter(ProcessingEnvironment env) {
    this.filer = env.getFiler();
    this.elements = env.getElementUtils();
    this.messager = env.getMessager();
  }

  @Override
  public void finish(CompilationModel model, EarlierModules earlier) throws IOException {
    if (model.contractModules().isEmpty()) {
      return; // nothing compiled now: an earlier file, if any, stays as it is
    }
    Set<String> compiledNow = new HashSet<>();
    model.contractModules().forEach(module -> compiledNow.add(module.element().getQualifiedName().toString()));
    Map<String, TypeDecl> known = new HashMap<>();
    List<ContractModule> all = new ArrayList<>(model.contractModules().stream().map(WireToContract::module).toList());
    if (!earlier.isEmpty()) {
      Contract previous = previousContract();
      if (previous == null) {
        messager.printMessage(Diagnostic.Kind.WARNING, Messages.partialContract(earlier.describe()),
            model.contractModules().getFirst().element());
      } else {
        Set<String> kept = new LinkedHashSet<>(earlier.bindings());
        for (ContractModule module : previous.modules()) {
          boolean stillThere = kept.contains(bindingOf(module.javaType())) || earlier.apis().contains(module.javaType());
          if (!compiledNow.contains(module.javaType()) && stillThere) {
            all.add(module);
          }
        }
        known.putAll(previous.types());
      }
    }
    // Types compiled now win over the earlier file's description of the same name.
    model.declarations().forEach((name, declaration) -> known.put(name, declaration.type()));
    model.modules().forEach(module -> module.methods().forEach(method -> method.errors().forEach(error ->
        known.put(error.element().getQualifiedName().toString(), WireToContract.errorDecl(error)))));
    Set<String> roots = new LinkedHashSet<>();
    all.forEach(module -> module.methods().forEach(method -> roots.addAll(TypeReferences.names(method))));
    Contract contract = Contract.of(all, TypeReferences.closure(roots, known::get));
    Element[] origins = model.contractModules().stream().map(ModuleModel::element).toArray(Element[]::new);
    String contractJson = ContractJson.write(contract);
    FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", Contract.CLASS_PATH_LOCATION, origins);
    try (OutputStream out = file.openOutputStream()) {
      out.write(contractJson.getBytes(StandardCharsets.UTF_8));
    }
    // The OpenAPI document is a view of the same contract, so it always agrees with it; its version is
    // the digest of the text just written.
    FileObject openApi = filer.createResource(StandardLocation.CLASS_OUTPUT, "", OpenApiDocument.CLASS_PATH_LOCATION, origins);
    try (OutputStream out = openApi.openOutputStream()) {
      out.write(OpenApiDocument.write(contract, contractJson).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The binding an earlier module registered, if its class is still there. */
  private String bindingOf(String moduleClass) {
    TypeElement element = elements.getTypeElement(moduleClass);
    return element == null ? null : ModuleNames.dispatcher(element).reflectionName() + "$Binding";
  }

  /** The contract the earlier compilation wrote, or null if there is none or it cannot be read. */
  private Contract previousContract() {
    try {
      FileObject previous = filer.getResource(StandardLocation.CLASS_OUTPUT, "", Contract.CLASS_PATH_LOCATION);
      try (InputStream in = previous.openInputStream()) {
        return ContractJson.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
      return null;
    }
  }
}
