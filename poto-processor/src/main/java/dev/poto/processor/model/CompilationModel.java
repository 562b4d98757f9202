package dev.poto.processor.model;

import dev.poto.wire.WireDeclaration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one model of the wire for a whole compilation, complete when processing is over: every valid
 * module (its methods, their parameters with nullability and their results, each with its JSON shape)
 * and every named type those shapes reach. Validation builds the shapes, {@link ModelBuilder} the
 * modules; every output reads this and nothing else about the wire. Immutable.
 *
 * <pre>{@code
 * for (ModuleModel module : model.modules()) {
 *   for (RpcMethodModel method : module.methods()) {
 *     method.params().forEach(p -> use(p.name(), p.shape(), p.required()));
 *     use(method.resultKind(), method.result().shape()); // shape null for void and binary results
 *   }
 * }
 * WireDeclaration type = model.declarations().get("com.example.Note");
 * }</pre>
 *
 * @param modules the modules written in this compilation, sorted by qualified name
 * @param declarations every record, bean, enum and union the modules' shapes reach, by qualified name
 *     ({@link dev.poto.contract.TypeRef.Named#name()}), sorted
 */
public record CompilationModel(List<ModuleModel> modules, Map<String, WireDeclaration> declarations) {

  public CompilationModel {
    modules = modules.stream()
        .sorted(java.util.Comparator.comparing(m -> m.element().getQualifiedName().toString()))
        .toList();
    declarations = java.util.Collections.unmodifiableMap(new TreeMap<>(declarations));
  }

  /** The modules whose contract (descriptor, clients, contract file) this compilation wrote. */
  public List<ModuleModel> contractModules() {
    return modules.stream().filter(module -> module.kind().writesContract()).toList();
  }

  /** The modules this compilation wrote a dispatcher for. */
  public List<ModuleModel> dispatchedModules() {
    return modules.stream().filter(module -> module.kind().writesDispatcher()).toList();
  }
}
