package dev.poto.tsgen;

import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import dev.poto.wire.WireProblem;
import dev.poto.wire.WireShapes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Runs the generator inside a real javac over fixture sources, the way the Poto processor does: a
 * test processor turns each class whose simple name ends in "Module" into a {@link TsModuleSpec}
 * (route: the name minus "Module", lower-cased; every public method is an RPC).
 */
final class Javac {
  private Javac() {}

  /** Compiles {@code sources} (path to text) and returns what {@code generator} produced in round one. */
  static TsGenerationResult generate(Map<String, String> sources) {
    return run(sources, round -> round.problems().isEmpty()
        ? new TsGenerationResult(TypeScriptClientGenerator.generate(round.shapes().declarations(), round.modules()), List.of())
        : new TsGenerationResult(Map.of(), round.problems()));
  }

  /** One round: the modules' specs, the wire model they were built into, and its problems. */
  record Round(WireShapes shapes, List<TsModuleSpec> modules, List<WireProblem> problems) {}

  static <T> T run(Map<String, String> sources, Function<Round, T> action) {
    return run(sources, List.of(), action);
  }

  /** {@code extraOptions}: javac options, e.g. {@code -Apoto.ts.long=bigint}. */
  static <T> T run(Map<String, String> sources, List<String> extraOptions, Function<Round, T> action) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    List<JavaFileObject> files = new ArrayList<>();
    sources.forEach((path, text) -> files.add(new Source(path, text)));
    AtomicReference<T> result = new AtomicReference<>();
    List<String> options = new ArrayList<>(List.of("-proc:only", "-classpath", System.getProperty("java.class.path")));
    options.addAll(extraOptions);
    JavaCompiler.CompilationTask task = compiler.getTask(null, null, diagnostics, options, null, files);
    task.setProcessors(List.of(new CapturingProcessor(round -> result.set(action.apply(round)))));
    boolean compiled = task.call();
    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR).map(Object::toString).toList();
    if (!compiled || !errors.isEmpty() || result.get() == null) {
      throw new AssertionError("fixture did not compile: " + errors);
    }
    return result.get();
  }

  /** Reads a fixture source from the test resources. */
  static String resource(String path) {
    try (InputStream in = Javac.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Source extends SimpleJavaFileObject {
    private final String text;

    Source(String path, String text) {
      super(URI.create("string:///" + path), Kind.SOURCE);
      this.text = text;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return text;
    }
  }

  @SupportedAnnotationTypes("*")
  @javax.annotation.processing.SupportedOptions("poto.ts.long")
  private static final class CapturingProcessor extends AbstractProcessor {
    private final java.util.function.Consumer<Round> action;
    private boolean done;

    CapturingProcessor(java.util.function.Consumer<Round> action) {
      this.action = action;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (done) {
        return false;
      }
      done = true;
      WireShapes shapes = new WireShapes(processingEnv.getTypeUtils(), processingEnv.getElementUtils(),
          "bigint".equals(processingEnv.getOptions().get("poto.ts.long")));
      List<TsModuleSpec> modules = new ArrayList<>();
      List<TypeElement> types = new ArrayList<>(ElementFilter.typesIn(round.getRootElements()));
      types.sort(java.util.Comparator.comparing(t -> t.getQualifiedName().toString()));
      for (TypeElement type : types) {
        String name = type.getSimpleName().toString();
        if (name.endsWith("Module") && name.length() > "Module".length()) {
          modules.add(module(shapes, type, name));
        }
      }
      action.accept(new Round(shapes, modules, shapes.takeProblems()));
      return false;
    }

    private TsModuleSpec module(WireShapes shapes, TypeElement type, String name) {
      List<TsMethodSpec> methods = new ArrayList<>();
      for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
        if (!method.getModifiers().contains(Modifier.PUBLIC)) {
          continue;
        }
        List<TsParamSpec> params = new ArrayList<>();
        for (VariableElement parameter : method.getParameters()) {
          shapes.parameter(parameter, method, hasNullable(parameter)).ifPresent(shape ->
              params.add(new TsParamSpec(parameter.getSimpleName().toString(), shape)));
        }
        TypeMirror returned = method.getReturnType();
        ResultKind kind = ResultKind.VALUE;
        TypeMirror result = returned;
        if (returned.getKind() == TypeKind.VOID) {
          kind = ResultKind.VOID;
          result = null;
        } else if (returned.getKind() == TypeKind.ARRAY && returned.toString().equals("byte[]")) {
          kind = ResultKind.BYTES;
          result = null;
        } else if (returned.getKind() == TypeKind.DECLARED) {
          String erased = processingEnv.getTypeUtils().erasure(returned).toString();
          if (erased.equals("java.io.InputStream")) {
            kind = ResultKind.INPUT_STREAM;
            result = null;
          } else if (erased.equals("java.util.stream.Stream") || erased.equals("java.util.Iterator")) {
            kind = ResultKind.STREAM;
            result = ((DeclaredType) returned).getTypeArguments().get(0);
          }
        }
        TypeRef resultShape = result == null ? null
            : shapes.result(method, result, hasNullable(method) && kind == ResultKind.VALUE).orElse(null);
        if (result == null || resultShape != null) {
          methods.add(new TsMethodSpec(method.getSimpleName().toString(), params, resultShape, kind));
        }
      }
      String route = name.substring(0, name.length() - "Module".length()).toLowerCase(java.util.Locale.ROOT);
      return new TsModuleSpec(route, name, type.getQualifiedName().toString(), methods);
    }

    private static boolean hasNullable(Element element) {
      return element.getAnnotationMirrors().stream()
          .anyMatch(a -> a.getAnnotationType().asElement().getSimpleName().contentEquals("Nullable"));
    }
  }
}
