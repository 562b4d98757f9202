package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.processor.messages.Messages;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/** Output stability, naming, the services file, and cooperation with other processors. */
class ProcessorBehaviourTest {

  private static final JavaFileObject ZOO =
      JavaFileObjects.forSourceLines(
          "com.example.Zoo",
          "package com.example;",
          "import dev.poto.annotations.Rpc;",
          "public class Zoo {",
          "  @Rpc public int animals() { return 3; }",
          "}");
  private static final JavaFileObject OUTER =
      JavaFileObjects.forSourceLines(
          "com.example.Outer",
          "package com.example;",
          "import dev.poto.annotations.Rpc;",
          "public class Outer {",
          "  public static class Inner {",
          "    @Rpc public String hello(String name) { return name; }",
          "  }",
          "}");
  private static final JavaFileObject ALPHA =
      JavaFileObjects.forSourceLines(
          "com.acme.Alpha",
          "package com.acme;",
          "import dev.poto.annotations.Rpc;",
          "public abstract class Alpha {",
          "  @Rpc public abstract String first();",
          "}");

  @Test
  void compilingTwiceYieldsIdenticalOutput() {
    Map<String, String> first = textOutputs(ProcessorTestSupport.compile(
        ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE, ZOO, OUTER, ALPHA));
    Map<String, String> second = textOutputs(ProcessorTestSupport.compile(
        ALPHA, OUTER, ZOO, ProcessorTestSupport.NULLABLE, ProcessorTestSupport.TODO_MODULE));
    assertThat(first).hasSizeGreaterThan(8);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void servicesFileListsEveryBindingSorted() {
    Compilation compilation = ProcessorTestSupport.compile(ZOO, OUTER, ALPHA);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedFile(StandardLocation.CLASS_OUTPUT, "", "META-INF/services/dev.poto.runtime.dispatch.ModuleBinding")
        .contentsAsUtf8String()
        .isEqualTo(
            "com.acme.AlphaDispatcher$Binding\n"
                + "com.example.Outer_InnerDispatcher$Binding\n"
                + "com.example.ZooDispatcher$Binding\n");
  }

  @Test
  void nestedModulesGetFlattenedNamesAndTheirSimpleNameAsRoute() {
    Compilation compilation = ProcessorTestSupport.compile(OUTER);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("com.example.Outer_InnerClient");
    String dispatcher = ProcessorTestSupport.generatedSource(compilation, "com.example.Outer_InnerDispatcher").orElseThrow();
    assertThat(dispatcher).contains("private final Outer.Inner module;");
    String descriptor = ProcessorTestSupport.generatedSource(compilation, "com.example.Outer_InnerDescriptor").orElseThrow();
    assertThat(descriptor).contains("RpcMethodTable.decode(\"Inner\", \"\"\"");
  }

  @Test
  void aServerWithoutTheClientLibraryGetsNoJavaClient() throws Exception {
    java.io.File clientLibrary = new java.io.File(
        Class.forName("dev.poto.client.PotoClient").getProtectionDomain().getCodeSource().getLocation().toURI());
    java.util.List<java.io.File> serverClassPath =
        java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(java.io.File::new)
            .filter(entry -> !entry.getAbsoluteFile().equals(clientLibrary.getAbsoluteFile()))
            .toList();
    Compilation compilation =
        Compiler.javac().withProcessors(new PotoProcessor()).withClasspath(serverClassPath).compile(ZOO);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation.generatedSourceFile("com.example.ZooDispatcher")).isPresent();
    assertThat(compilation.generatedSourceFile("com.example.ZooClient")).isEmpty();
    // With the client library on the class path the same module gets its client.
    assertThat(ProcessorTestSupport.compile(ZOO).generatedSourceFile("com.example.ZooClient")).isPresent();
  }

  @Test
  void theJavaClientCanBeTurnedOffThoughTheClientLibraryIsPresent() {
    Compilation off = Compiler.javac().withProcessors(new PotoProcessor())
        .withOptions("-Apoto.javaClient=false").compile(ZOO);
    assertThat(off).succeededWithoutWarnings();
    assertThat(off.generatedSourceFile("com.example.ZooDispatcher")).isPresent();
    assertThat(off.generatedSourceFile("com.example.ZooDescriptor")).isPresent();
    assertThat(off.generatedSourceFile("com.example.ZooClient")).isEmpty();
    Compilation on = Compiler.javac().withProcessors(new PotoProcessor())
        .withOptions("-Apoto.javaClient=true").compile(ZOO);
    assertThat(on.generatedSourceFile("com.example.ZooClient")).isPresent();
  }

  @Test
  void aJavaClientOptionOtherThanTrueOrFalseIsAnError() {
    Compilation compilation = Compiler.javac().withProcessors(new PotoProcessor())
        .withOptions("-Apoto.javaClient=no").compile(ZOO);
    assertThat(compilation).hadErrorContaining(Messages.invalidOption("poto.javaClient", "no", "true or false"));
  }

  @Test
  void typeUseNullableMakesAParameterOptional() {
    JavaFileObject nullable =
        JavaFileObjects.forSourceLines(
            "org.example.lib.Nullable",
            "package org.example.lib;",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
            "public @interface Nullable {}");
    JavaFileObject module =
        JavaFileObjects.forSourceLines(
            "com.example.Notes",
            "package com.example;",
            "import dev.poto.annotations.Rpc;",
            "import org.example.lib.Nullable;",
            "public class Notes {",
            "  @Rpc public String note(@Nullable String text, String title) { return title; }",
            "}");
    Compilation compilation = ProcessorTestSupport.compile(nullable, module);
    assertThat(compilation).succeeded();
    String descriptor = ProcessorTestSupport.generatedSource(compilation, "com.example.NotesDescriptor").orElseThrow();
    assertThat(descriptor)
        .contains("VALUE String note(String? text, String title)");
    // The client keeps the type-use annotation where it was.
    String client = ProcessorTestSupport.generatedSource(compilation, "com.example.NotesClient").orElseThrow();
    assertThat(client).contains("public String note(@Nullable String text, String title)");
  }

  /** A stream's item is an element of the stream: its descriptor marks a nullable item type as such. */
  @Test
  void aNullableStreamItemTypeIsMarkedInTheDescriptor() {
    JavaFileObject nullable =
        JavaFileObjects.forSourceLines(
            "org.example.lib.Nullable",
            "package org.example.lib;",
            "@java.lang.annotation.Target(java.lang.annotation.ElementType.TYPE_USE)",
            "public @interface Nullable {}");
    JavaFileObject module =
        JavaFileObjects.forSourceLines(
            "com.example.Feed",
            "package com.example;",
            "import dev.poto.annotations.Rpc;",
            "import java.util.stream.Stream;",
            "import org.example.lib.Nullable;",
            "public class Feed {",
            "  @Rpc public Stream<@Nullable String> maybe() { return Stream.of(\"a\", null); }",
            "  @Rpc public Stream<String> always() { return Stream.of(\"a\"); }",
            "}");
    Compilation compilation = ProcessorTestSupport.compile(nullable, module);
    assertThat(compilation).succeeded();
    String descriptor = ProcessorTestSupport.generatedSource(compilation, "com.example.FeedDescriptor").orElseThrow();
    assertThat(descriptor)
        .contains("STREAM String? maybe()")
        .contains("STREAM String always()");
  }

  @Test
  void modulesUsingTypesGeneratedByAnotherProcessorAreDeferredToALaterRound() {
    JavaFileObject module =
        JavaFileObjects.forSourceLines(
            "com.example.Waiting",
            "package com.example;",
            "import dev.poto.annotations.Rpc;",
            "public class Waiting {",
            "  @Rpc public Later fetch(java.util.List<Later> all) { return all.get(0); }",
            "}");
    Compilation compilation =
        Compiler.javac()
            .withProcessors(new PotoProcessor(), new GeneratesLater())
            .compile(module);
    assertThat(compilation).succeeded();
    assertThat(ProcessorTestSupport.generatedSource(compilation, "com.example.WaitingDescriptor").orElseThrow())
        .contains("VALUE Later fetch(List<Later> all)");
  }

  /** Writes {@code com.example.Later} in the first round, like a value-class generator would. */
  private static final class GeneratesLater extends AbstractProcessor {
    private boolean done;

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
      if (!done) {
        done = true;
        try (Writer out = processingEnv.getFiler().createSourceFile("com.example.Later").openWriter()) {
          out.write("package com.example; public record Later(String value) {}");
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      }
      return false;
    }
  }

  /** Generated sources and resources by path (class files left out), for comparison. */
  private static Map<String, String> textOutputs(Compilation compilation) {
    assertThat(compilation).succeeded();
    Map<String, String> outputs = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() != JavaFileObject.Kind.CLASS) {
        outputs.put(file.toUri().toString(), ProcessorTestSupport.content(file));
      }
    }
    return outputs;
  }
}
