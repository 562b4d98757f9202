package dev.poto.processor;

import com.google.auto.service.AutoService;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.processor.messages.Messages;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModelBuilder;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.types.KnownTypes;
import dev.poto.processor.validation.ModuleValidator;
import dev.poto.processor.validation.ValidationReport;
import dev.poto.processor.validation.ValidatedModule;
import dev.poto.wire.WireShapes;
import dev.poto.processor.writer.ClientWriter;
import dev.poto.processor.writer.ContractWriter;
import dev.poto.processor.writer.DescriptorWriter;
import dev.poto.processor.writer.DispatcherWriter;
import dev.poto.processor.writer.EarlierModules;
import dev.poto.processor.writer.OutputWriter;
import dev.poto.processor.writer.ServicesFileWriter;
import dev.poto.processor.writer.TypeScriptOptions;
import dev.poto.processor.writer.TypeScriptWriter;
import java.util.ArrayList;
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
 * Turns classes with {@code @Rpc} methods into dispatchers, clients and a service registration.
 *
 * <p>Each round runs three phases per module, each stopping that module on error: (1) read and
 * validate, printing one {@link ValidationReport}; the wire shapes of parameters and results are built
 * here by {@link WireShapes}, the one rule for what may cross the wire; (2) build an immutable
 * {@link ModuleModel} from them, then check routes across modules; (3) hand the model to every
 * {@link OutputWriter}. When processing is over the modules written and the types they reach form the
 * compilation's {@link CompilationModel}, which the aggregated outputs (services file, TypeScript) read. Modules whose signatures
 * still contain unresolved types are deferred to the next round (another processor may generate
 * those types) and reported if still unresolved at the end. Nothing escapes {@link #process}: an
 * unexpected failure becomes an {@code [Poto/InternalError]} on the module being processed.
 */
@AutoService(Processor.class)
public final class PotoProcessor extends AbstractProcessor {
  private WireShapes shapes;
  private ModuleValidator validator;
  private RouteRegistry routes;
  private List<OutputWriter> writers;
  /** Every module written so far in this compilation. */
  private final List<ModuleModel> written = new ArrayList<>();
  /** Qualified names of modules waiting for their types to be generated. */
  private final Set<String> deferred = new LinkedHashSet<>();

  @Override
  public synchronized void init(ProcessingEnvironment env) {
    super.init(env);
    KnownTypes known = new KnownTypes(env);
    TypeScriptOptions typeScript = typeScriptOptions(env);
    // One per compilation: the declarations of named types accumulate across modules and rounds.
    shapes = new WireShapes(env.getTypeUtils(), env.getElementUtils(), typeScript.bigIntLongs());
    validator = new ModuleValidator(known, shapes);
    routes = new RouteRegistry(env.getElementUtils());
    // Every output is one writer.
    List<OutputWriter> outputs = new ArrayList<>();
    outputs.add(new DescriptorWriter(known, env.getFiler()));
    outputs.add(new DispatcherWriter(env.getFiler()));
    if (ClientWriter.clientLibraryPresent(env.getElementUtils())) {
      outputs.add(new ClientWriter(env.getElementUtils(), env.getFiler()));
    }
    outputs.add(new ServicesFileWriter(env.getFiler()));
    outputs.add(new TypeScriptWriter(env, typeScript));
    outputs.add(new ContractWriter(env));
    writers = List.copyOf(outputs);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return TypeScriptOptions.NAMES;
  }

  private static TypeScriptOptions typeScriptOptions(ProcessingEnvironment env) {
    try {
      return TypeScriptOptions.from(env.getOptions());
    } catch (TypeScriptOptions.InvalidOption e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, Messages.invalidOption(e.option, e.value, e.expected));
      return new TypeScriptOptions(false, null, false);
    }
  }

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(Rpc.class.getCanonicalName(), RpcModule.class.getCanonicalName());
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    try {
      if (round.processingOver()) {
        reportStillDeferred();
        CompilationModel model = new CompilationModel(written, shapes.declarations());
        EarlierModules earlier = EarlierModules.find(
            processingEnv.getFiler(), processingEnv.getElementUtils(), ServicesFileWriter.bindings(model));
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

  /** This round's module classes plus the deferred ones, sorted by name for stable output. */
  private List<TypeElement> candidates(RoundEnvironment round) {
    TreeMap<String, TypeElement> modules = new TreeMap<>();
    for (String name : deferred) {
      TypeElement element = processingEnv.getElementUtils().getTypeElement(name);
      if (element != null) {
        modules.put(name, element);
      }
    }
    deferred.clear();
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
        List<ExecutableElement> rpcMethods = rpcMethods(module);
        if (!validator.isComplete(rpcMethods)) {
          deferred.add(module.getQualifiedName().toString());
          continue;
        }
        ValidatedModule validated = validator.validate(module, rpcMethods);
        validated.report().printTo(processingEnv.getMessager());
        if (validated.isValid()) {
          valid.add(ModelBuilder.build(module, rpcMethods, validated));
        }
      } catch (Exception | LinkageError | AssertionError e) {
        internalError(e, module);
      }
    }
    ValidationReport routeReport = new ValidationReport();
    List<ModuleModel> writable = routes.claim(valid, routeReport);
    routeReport.printTo(processingEnv.getMessager());
    writable.sort(Comparator.comparing(m -> m.element().getQualifiedName().toString()));
    for (ModuleModel module : writable) {
      try {
        for (OutputWriter writer : writers) {
          writer.write(module);
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
