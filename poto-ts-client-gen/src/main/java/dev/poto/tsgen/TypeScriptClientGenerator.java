package dev.poto.tsgen;

import dev.poto.contract.TypeRef;
import dev.poto.tsgen.emit.TypeScriptEmitter;
import dev.poto.tsgen.mapping.TsNames;
import dev.poto.tsgen.mapping.WireToTs;
import dev.poto.tsgen.model.TsError;
import dev.poto.tsgen.model.TsMethod;
import dev.poto.tsgen.model.TsModule;
import dev.poto.tsgen.model.TsParameter;
import dev.poto.wire.WireDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The generator's single entry point: renders the wire model of a compilation (built and validated by
 * {@link dev.poto.wire.WireShapes}) as the TypeScript client. It has no failure mode of its own: every
 * shape the model holds has a TypeScript form, and Java names TypeScript reserves are renamed.
 *
 * <pre>{@code
 * Map<String, String> files = TypeScriptClientGenerator.generate(shapes.declarations(), modules);
 * }</pre>
 */
public final class TypeScriptClientGenerator {
  private TypeScriptClientGenerator() {}

  /** All files (generated and runtime), keyed by path relative to the output directory, sorted. */
  public static Map<String, String> generate(Map<String, WireDeclaration> declarations, List<TsModuleSpec> modules) {
    WireToTs mapper = new WireToTs(declarations);
    List<TsModule> mapped = new ArrayList<>();
    for (TsModuleSpec module : modules) {
      mapped.add(mapModule(mapper, module));
    }
    Map<String, String> files = new TreeMap<>(new TypeScriptEmitter(mapper.declarations()).emit(mapped));
    files.putAll(TsRuntimeFiles.load());
    return files;
  }

  private static TsModule mapModule(WireToTs mapper, TsModuleSpec module) {
    List<TsMethod> methods = new ArrayList<>();
    for (TsMethodSpec method : module.methods()) {
      List<TsParameter> parameters = new ArrayList<>();
      Set<String> taken = new HashSet<>();
      method.params().forEach(p -> taken.add(p.name()));
      for (TsParamSpec parameter : method.params()) {
        String name = parameter.name();
        if (TsNames.isReservedWord(name)) {
          do {
            name = name + "_";
          } while (!taken.add(name));
        }
        parameters.add(new TsParameter(name, parameter.name(), mapper.map(parameter.shape()),
            parameter.shape() instanceof TypeRef.Nullable));
      }
      String name = method.name().equals("constructor") ? "constructor_" : method.name();
      List<TsError> errors = new ArrayList<>();
      for (TsErrorSpec error : method.errors()) {
        Set<String> fieldNames = new HashSet<>();
        error.fields().forEach(f -> fieldNames.add(f.name()));
        List<TsParameter> fields = new ArrayList<>();
        for (TsParamSpec field : error.fields()) {
          String property = TsNames.errorFieldName(field.name(), fieldNames);
          fieldNames.add(property);
          fields.add(new TsParameter(property, field.name(), mapper.map(field.shape()),
              field.shape() instanceof TypeRef.Nullable));
        }
        errors.add(new TsError(error.code(), error.status(), error.javaName(), error.simpleName(), fields));
      }
      methods.add(new TsMethod(name, method.name(), parameters,
          method.result() == null ? null : mapper.map(method.result()), method.kind(), errors));
    }
    String fileName = TsNames.isReservedFileName(module.route()) ? module.route() + "-module" : module.route();
    return new TsModule(module.route(), fileName, module.clientClassName(), module.javaName(), methods);
  }
}
