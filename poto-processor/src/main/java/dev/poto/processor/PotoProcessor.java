package dev.poto.processor;

import com.google.auto.service.AutoService;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.processor.errors.DeclaredErrors;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModelBuilder;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.types.KnownTypes;
import dev.poto.processor.validation.ModuleValidator;
import dev.poto.processor.validation.ValidationReport;
import dev.poto.processor.validation.ValidatedModule;
import dev.poto.wire.Subtypes;
import dev.poto.wire.WireShapes;
import dev.poto.processor.writer.ClientWriter;
import dev.poto.processor.writer.ContractWriter;
import dev.poto.processor.writer.DescriptorWriter;
import dev.poto.processor.writer.DispatcherWriter;
import dev.poto.processor.writer.EarlierModules;
import dev.poto.processor.writer.InvalidOption;
import dev.poto.processor.writer.OutputWriter;
import dev.poto.processor.writer.ServicesFileWriter;
import dev.poto.processor.writer.TypeScriptOptions;
import dev.poto.processor.writer.TypeScriptWriter;
import dev.poto.processor.model.ApiModules;
import dev.poto.processor.model.ModuleNames;
import dev.poto.processor.writer.ModuleIndexWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import javax.annotation.processing.Messager;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.FilerException;
import javax.annotation.processing.ProcessingEnvironment;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * Turns classes with {@code @Rpc} methods into dispatchers, clients and a service registration;
 * {@code @RpcModule} interfaces (API modules) into clients only, and classes implementing them into
 * dispatchers only.
 *
 * <p>Each round runs three phases per module, each stopping that module on error: (1) read and
 * validate, printing one {@link ValidationReport}; the wire shapes of parameters and results are built
 * here by {@link WireShapes}, the one rule for what may cross the wire; (2) build an immutable
 * {@link ModuleModel} from them, then check routes across modules; (3) hand each module, with the
 * compilation's {@link CompilationModel} so far (the modules written up to this round and the types they
 * reach), to every {@link OutputWriter}: the Java writers write then. When processing is over the
 * complete {@link CompilationModel} goes to every writer again for the aggregated outputs (services file,
 * TypeScript, contract). Modules whose signatures
 * still contain unresolved types are deferred to the next round (another processor may generate
 * those types) and reported if still unresolved at the end. Nothing escapes {@link #process}: an
 * unexpected failure becomes an {@code [Poto/InternalError]} on the module being processed.
 */
@AutoService(Processor.class)
public final class PotoProcessor extends AbstractProcessor {
  private Subtypes subtypes;
  private WireShapes shapes;
  private ModuleValidator validator;
  private RouteRegistry routes;
  private List<OutputWriter> writers;
  /** Every module written so far in this compilation. */
  private final List<ModuleModel> written = new ArrayList<>();
  /** Qualified names of modules waiting for their types to be generated. */
  private final Set<String> deferred = new LinkedHashSet<>();
  /** Implementations whose API's descriptor is not on the class path yet (it may be generated this round). */
  private final Set<String> awaitingDescriptor = new LinkedHashSet<>();
  /** API module -> the class implementing it, over all rounds: a server binds one. */
  private final Map<String, String> implementations = new HashMap<>();
  /** API modules of this compilation that failed validation: their implementations say nothing more. */
  private final Set<String> invalidApis = new HashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    KnownTypes known = new KnownTypes(env);
    TypeScriptOptions typeScript = typeScriptOptions(env);
    // One per compilation: the declarations of named types accumulate across modules and rounds.
    subtypes = known.subtypes();
    shapes = new WireShapes(env.getTypeUtils(), env.getElementUtils(), subtypes, typeScript.bigIntLongs());
    validator = new ModuleValidator(known, shapes, new DeclaredErrors(known, shapes));
    routes = new RouteRegistry(env.getElementUtils());
    // Every output is one writer.
    List<OutputWriter> outputs = new ArrayList<>();
    outputs.add(new DescriptorWriter(env.getElementUtils(), env.getFiler()));
    outputs.add(new DispatcherWriter(env.getFiler()));
    if (javaClientEnabled(env) && ClientWriter.clientLibraryPresent(env.getElementUtils())) {
      outputs.add(new ClientWriter(env.getElementUtils(), env.getFiler()));
    }
    outputs.add(new ServicesFileWriter(env.getFiler()));
    outputs.add(new ModuleIndexWriter(env.getFiler()));
    outputs.add(new TypeScriptWriter(env, typeScript));
    outputs.add(new ContractWriter(env));
    writers = List.copyOf(outputs);
  }

  @Override
  public Set<String> getSupportedOptions() {
    Set<String> names = new HashSet<>(TypeScriptOptions.NAMES);
    names.add(ClientWriter.OPTION);
    return names;
  }

  private static TypeScriptOptions typeScriptOptions(ProcessingEnvironment env) {
    try {
      return TypeScriptOptions.from(env.getOptions());
    } catch (InvalidOption e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.invalidOption(e.option, e.value, e.expected));
      return new TypeScriptOptions(false, null, false);
    }
  }

  private static boolean javaClientEnabled(ProcessingEnvironment env) {
    try {
      return ClientWriter.enabled(env.getOptions());
    } catch (InvalidOption e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.invalidOption(e.option, e.value, e.expected));
      return false;
    }
  }

  /**
   * Every type: a class implementing an API module from a jar carries no Poto annotation, yet gets a
   * dispatcher. Looking at a class's direct interfaces is all it costs.
   */
  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of("*");
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      subtypes.newRound();
      if (round.processingOver()) {
        reportStillDeferred();
        reportMissingDescriptors();
        CompilationModel model = new CompilationModel(written, shapes.declarations());
        EarlierModules earlier = EarlierModules.find(processingEnv.getFiler(), processingEnv.getElementUtils(),
            ServicesFileWriter.bindings(model), ModuleIndexWriter.modules(model));
        for (OutputWriter writer : writers) {
          writer.finish(model, earlier);
        }
      } else {
        processModules(candidates(round));
      }
    } catch (Exception | LinkageError | AssertionError e) {
      internalError(e, null);
    }
    return false; // the annotations stay visible to other processors
  }

  /**
   * This round's module classes, API interfaces and implementations, plus the deferred ones, sorted by
   * name for stable output.
   */
  private List<TypeElement> candidates(RoundEnvironment round) {
    TreeMap<String, TypeElement> modules = new TreeMap<>();
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element != null) {
        modules.put(name, element);
      }
    }
    deferred.clear();
    for (String name : awaitingDescriptor) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element != null) {
        modules.put(name, element);
      }
    }
    awaitingDescriptor.clear();
    for (TypeElement implementation : ApiModules.implementationsAmong(round.getRootElements())) {
      modules.put(implementation.getQualifiedName().toString(), implementation);
    }
    for (Element method : round.getElementsAnnotatedWith(Rpc.class)) {
      if (method.getEnclosingElement() instanceof TypeElement type) {
        modules.put(type.getQualifiedName().toString(), type);
      }
    }
    for (Element type : round.getElementsAnnotatedWith(RpcModule.class)) {
      if (type instanceof TypeElement module) {
        modules.put(module.getQualifiedName().toString(), module);
      }
    }
    return List.copyOf(modules.values());
  }

  private void processModules(List<TypeElement> modules) {
    List<ModuleModel> valid = new ArrayList<>();
    for (TypeElement module : modules) {
      try {
        List<TypeElement> apis = ApiModules.implementedBy(module);
        if (!apis.isEmpty()) {
          implementation(module, apis).ifPresent(valid::add);
          continue;
        }
        List<ExecutableElement> rpcMethods = rpcMethods(module);
        if (!validator.isComplete(rpcMethods)) {
          deferred.add(module.getQualifiedName().toString());
          continue;
        }
        ValidatedModule validated = validator.validate(module, rpcMethods);
        validated.report().printTo(processingEnv.getMessager());
        if (validated.isValid()) {
          valid.add(ModelBuilder.build(module, rpcMethods, validated));
        } else if (module.getKind().isInterface()) {
          invalidApis.add(module.getQualifiedName().toString());
        }
      } catch (Exception | LinkageError | AssertionError e) {
        internalError(e, module);
      }
    }
    ValidationReport routeReport = new ValidationReport();
    List<ModuleModel> writable = routes.claim(valid, routeReport);
    routeReport.printTo(processingEnv.getMessager());
    writable.sort(Comparator.comparing(m -> m.element().getQualifiedName().toString()));
    List<ModuleModel> soFar = new ArrayList<>(written);
    soFar.addAll(writable);
    CompilationModel model = new CompilationModel(soFar, shapes.declarations());
    for (ModuleModel module : writable) {
      try {
        for (OutputWriter writer : writers) {
          writer.write(model, module);
        }
        written.add(module);
      } catch (FilerException e) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
            Messages.generatedNameClash(module.element().getQualifiedName().toString(), e.getMessage()),
            module.element());
      } catch (Exception | LinkageError | AssertionError e) {
        internalError(e, module.element());
      }
    }
  }

  /**
   * A class implementing an API module: validated, then modelled on the interface. Waits a round when
   * the API's descriptor is not on the class path yet (the API may be compiled alongside).
   */
  private Optional<ModuleModel> implementation(TypeElement implementation, List<TypeElement> apis) {
    Messager messager = processingEnv.getMessager();
    String name = implementation.getQualifiedName().toString();
    if (apis.size() > 1) {
      String names = String.join(", ", apis.stream().map(api -> api.getQualifiedName().toString()).toList());
      messager.printMessage(Diagnostic.Kind.ERROR, Messages.severalApis(name, names), implementation);
      return Optional.empty();
    }
    TypeElement api = apis.getFirst();
    String apiName = api.getQualifiedName().toString();
    List<ExecutableElement> apiMethods = rpcMethods(api);
    ValidationReport report = validator.validateImplementation(implementation, api, apiMethods);
    report.printTo(messager);
    if (report.hasErrors()) {
      return Optional.empty();
    }
    String other = implementations.putIfAbsent(apiName, name);
    if (other != null && !other.equals(name)) {
      messager.printMessage(Diagnostic.Kind.ERROR, Messages.duplicateImplementation(apiName, name, other), implementation);
      TypeElement otherElement = processingEnv.getElementUtils().getTypeElement(other);
      if (otherElement != null) {
        messager.printMessage(Diagnostic.Kind.ERROR, Messages.duplicateImplementation(apiName, other, name), otherElement);
      }
      return Optional.empty();
    }
    if (processingEnv.getElementUtils().getTypeElement(ModuleNames.descriptor(api).canonicalName()) == null) {
      awaitingDescriptor.add(name);
      return Optional.empty();
    }
    // The interface's shapes, as its own compilation validated them (it did, or there is no descriptor).
    ValidatedModule validated = validator.validate(api, apiMethods);
    validated.report().printTo(messager);
    return validated.isValid()
        ? Optional.of(ModelBuilder.buildImplementation(implementation, api, apiMethods, validated))
        : Optional.empty();
  }

  private void reportMissingDescriptors() {
    for (String name : awaitingDescriptor) {
      TypeElement implementation = processingEnv.getElementUtils().getTypeElement(name);
      if (implementation == null) {
        continue;
      }
      TypeElement api = ApiModules.implementedBy(implementation).getFirst();
      if (!invalidApis.contains(api.getQualifiedName().toString())) {
        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.missingDescriptor(name,
            api.getQualifiedName().toString(), ModuleNames.descriptor(api).canonicalName()), implementation);
      }
    }
    awaitingDescriptor.clear();
  }

  /** Only methods declared in the class itself: nothing inherited is callable. */
  private static List<ExecutableElement> rpcMethods(TypeElement module) {
    return ElementFilter.methodsIn(module.getEnclosedElements()).stream()
        .filter(method -> method.getAnnotation(Rpc.class) != null)
        .toList();
  }

  private void reportStillDeferred() {
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.unresolvedType(name), element);
    }
    deferred.clear();
  }

  private void internalError(Throwable e, Element element) {
    String detail = e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.internalError(detail), element);
  }
}
