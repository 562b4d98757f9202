package dev.poto.tsgen;

import dev.poto.tsgen.emit.TypeScriptEmitter;
import dev.poto.tsgen.mapping.JavaToTsMapper;
import dev.poto.tsgen.mapping.TsNames;
import dev.poto.tsgen.model.TsMethod;
import dev.poto.tsgen.model.TsModule;
import dev.poto.tsgen.model.TsParameter;
import dev.poto.tsgen.model.TsType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The generator's single entry point, called by the annotation processor in the javac pass that
 * sees the modules: maps their signatures to TypeScript and emits the client files.
 *
 * <pre>{@code
 * TsGenerationResult result = TypeScriptClientGenerator.generate(processingEnv, modules);
 * result.problems().forEach(p -> messager.printMessage(ERROR, p.message(), p.element()));
 * result.files().forEach((path, text) -> write(outputDir.resolve(path), text));
 * }</pre>
 */
public final class TypeScriptClientGenerator {
  private static final Pattern ROUTE = Pattern.compile("[A-Za-z0-9_-]+");

  private TypeScriptClientGenerator() {}

  public static TsGenerationResult generate(ProcessingEnvironment environment, List<TsModuleSpec> modules) {
    return generate(environment.getTypeUtils(), environment.getElementUtils(), modules);
  }

  public static TsGenerationResult generate(Types types, Elements elements, List<TsModuleSpec> modules) {
    JavaToTsMapper mapper = new JavaToTsMapper(types, elements);
    List<TsModule> mapped = new ArrayList<>();
    Set<String> routes = new HashSet<>();
    for (TsModuleSpec module : modules) {
      if (!ROUTE.matcher(module.route()).matches()
          || module.route().equals(TypeScriptEmitter.TYPES) || module.route().equals(TypeScriptEmitter.CODECS)
          || module.route().equals(TypeScriptEmitter.RUNTIME)) {
        mapper.report(module.element(), TsMessages.INVALID_ROUTE,
            TsMessages.invalidRoute(module.route(), module.javaSimpleName()));
        continue;
      }
      if (!routes.add(module.route())) {
        mapper.report(module.element(), TsMessages.DUPLICATE_ROUTE,
            TsMessages.duplicateRoute(module.route(), module.javaSimpleName()));
        continue;
      }
      mapped.add(mapModule(mapper, module));
    }
    if (!mapper.problems().isEmpty()) {
      return new TsGenerationResult(Map.of(), mapper.problems());
    }
    Map<String, String> files = new TreeMap<>(new TypeScriptEmitter(mapper.declarations()).emit(mapped));
    files.putAll(TsRuntimeFiles.load());
    return new TsGenerationResult(files, List.of());
  }

  private static TsModule mapModule(JavaToTsMapper mapper, TsModuleSpec module) {
    List<TsMethod> methods = new ArrayList<>();
    for (TsMethodSpec method : module.methods()) {
      String qualifiedMethod = module.javaSimpleName() + "." + method.name();
      if (method.name().equals("constructor")) {
        mapper.report(method.element(), TsMessages.RESERVED_NAME,
            TsMessages.reservedParameterName(method.name(), "method " + qualifiedMethod));
      }
      List<TsParameter> parameters = new ArrayList<>();
      for (TsParamSpec parameter : method.params()) {
        String where = "parameter `" + parameter.name() + "` of " + qualifiedMethod;
        if (TsNames.isReservedWord(parameter.name())) {
          mapper.report(parameter.element(), TsMessages.RESERVED_NAME,
              TsMessages.reservedParameterName(parameter.name(), where));
        }
        JavaToTsMapper.Mapped type = mapper.map(parameter.type(), parameter.nullable(), parameter.element(), where);
        parameters.add(new TsParameter(parameter.name(), type.type(), type.optional()));
      }
      TsType result = switch (method.kind()) {
        case VALUE, STREAM -> mapper.map(method.resultType(), method.resultNullable(), method.element(),
            (method.kind() == TsResultKind.STREAM ? "stream item of " : "result of ") + qualifiedMethod).type();
        case VOID, BYTES, BINARY_STREAM -> null;
      };
      methods.add(new TsMethod(method.name(), parameters, result, method.kind()));
    }
    return new TsModule(module.route(), module.clientClassName(), qualifiedName(module), methods);
  }

  private static String qualifiedName(TsModuleSpec module) {
    return module.element() instanceof javax.lang.model.element.TypeElement type
        ? type.getQualifiedName().toString()
        : module.javaSimpleName();
  }
}
