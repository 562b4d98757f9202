package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.processor.messages.Messages;
import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every compile error: its exact message from {@link Messages}, its file and its line. */
class CompileErrorsTest {

  private static JavaFileObject module(String name, String... body) {
    String[] lines = new String[body.length + 6];
    lines[0] = "package com.example;";
    lines[1] = "import dev.poto.annotations.*;";
    lines[2] = "import java.util.*;";
    lines[3] = "import java.util.function.*;";
    lines[4] = "import java.util.concurrent.*;";
    lines[5] = "import java.io.*;";
    System.arraycopy(body, 0, lines, 6, body.length);
    return JavaFileObjects.forSourceLines("com.example." + name, lines);
  }

  /** A valid module compiled alongside: invalid ones must not stop it from being generated. */
  private static final JavaFileObject VALID =
      module("Fine", "public class Fine {", "  @Rpc public String ok() { return \"\"; }", "}");

  private static Compilation compileWithValid(JavaFileObject source) {
    return ProcessorTestSupport.compile(source, VALID);
  }

  @Test
  void nonPublicRpcMethod() {
    JavaFileObject f = module("Hidden", "public class Hidden {", "  @Rpc String hidden() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.nonPublicRpc("hidden")).inFile(f).onLineContaining("String hidden()");
  }

  @Test
  void staticRpcMethod() {
    JavaFileObject f = module("Util", "public class Util {", "  @Rpc public static String util() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.staticRpc("util")).inFile(f).onLineContaining("static String util()");
  }

  @Test
  void overloadedRpcMethodsAreReportedOnEachOfThem() {
    JavaFileObject f =
        module(
            "Finder",
            "public class Finder {",
            "  @Rpc public String find(String name) { return name; }",
            "  @Rpc public String find(int id) { return \"\"; }",
            "}");
    Compilation c = compileWithValid(f);
    String message = Messages.overloadedRpc("com.example.Finder", "find");
    assertThat(message).contains("rename one of them");
    assertThat(c).hadErrorContaining(message).inFile(f).onLineContaining("find(String name)");
    assertThat(c).hadErrorContaining(message).inFile(f).onLineContaining("find(int id)");
  }

  @Test
  void genericRpcMethod() {
    JavaFileObject f =
        module("Gen", "public class Gen {", "  @Rpc public <T extends Number> String gen(String s) { return s; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.genericRpc("gen")).inFile(f).onLineContaining("String gen(");
  }

  @Test
  void methodNameThatIsNoRouteSegment() {
    JavaFileObject f = module("Odd", "public class Odd {", "  @Rpc public String na$me() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.invalidMethodName("na$me")).inFile(f).onLineContaining("na$me()");
  }

  static Stream<Arguments> unsupportedParameters() {
    return Stream.of(
        Arguments.of("Object value", "java.lang.Object", "java.lang.Object does not say"),
        Arguments.of("List value", "java.util.List", "raw type"),
        Arguments.of("List<?> value", "java.util.List<?>", "wildcards"),
        Arguments.of("Map<String, ? extends Number> value", "java.util.Map<java.lang.String,? extends java.lang.Number>", "wildcards"),
        Arguments.of("Thread value", "java.lang.Thread", "JVM runtime object"),
        Arguments.of("java.lang.reflect.Method value", "java.lang.reflect.Method", "JVM runtime object"),
        Arguments.of("Class<String> value", "java.lang.Class<java.lang.String>", "JVM runtime object"),
        Arguments.of("Function<String, String> value", "java.util.function.Function<java.lang.String,java.lang.String>", "functions cannot"),
        Arguments.of("Runnable value", "java.lang.Runnable", "functions cannot"),
        Arguments.of("InputStream value", "java.io.InputStream", "InputStream is supported only as a result"),
        Arguments.of("java.util.stream.Stream<String> value", "java.util.stream.Stream<java.lang.String>", "streams are supported only"),
        Arguments.of("Iterator<String> value", "java.util.Iterator<java.lang.String>", "streams are supported only"),
        Arguments.of("CompletableFuture<String> value", "java.util.concurrent.CompletableFuture<java.lang.String>", "futures are not data"),
        Arguments.of("List<Future<String>> value", "java.util.List<java.util.concurrent.Future<java.lang.String>>", "futures are not data"),
        Arguments.of("List<Writer> value", "java.util.List<java.io.Writer>", "I/O handles"),
        Arguments.of("Secret value", "com.example.Carrier.Secret", "is private"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedParameters")
  void unsupportedParameterType(String declaration, String typeText, String reasonStart) {
    JavaFileObject f =
        module(
            "Carrier",
            "public class Carrier {",
            "  private record Secret(String s) {}",
            "  @Rpc public void take(" + declaration + ") {}",
            "}");
    Compilation c = compileWithValid(f);
    String message = Messages.unsupportedParameterType("value", "take", typeText, "");
    assertThat(c).hadErrorContaining(message.substring(0, message.length() - Messages.SUPPORTED_TYPES.length() - 1))
        .inFile(f).onLineContaining(declaration + ")");
    assertThat(c).hadErrorContaining(reasonStart).inFile(f).onLineContaining(declaration + ")");
    assertThat(c).hadErrorContaining(Messages.SUPPORTED_TYPES);
  }

  static Stream<Arguments> unsupportedResults() {
    return Stream.of(
        Arguments.of("Object", "java.lang.Object", "java.lang.Object does not say"),
        Arguments.of("CompletableFuture<String>", "java.util.concurrent.CompletableFuture<java.lang.String>", "futures are not data"),
        Arguments.of("java.util.stream.IntStream", "java.util.stream.IntStream", "only Stream<T>, Iterator<T> and Flow.Publisher<T>"),
        Arguments.of("java.util.stream.Stream", "java.util.stream.Stream", "raw type"),
        Arguments.of("java.util.stream.Stream<?>", "java.util.stream.Stream<?>", "wildcards"),
        Arguments.of("List<? extends Number>", "java.util.List<? extends java.lang.Number>", "wildcards"),
        Arguments.of("List<Iterator<String>>", "java.util.List<java.util.Iterator<java.lang.String>>", "streams cannot be nested"),
        Arguments.of("Supplier<String>", "java.util.function.Supplier<java.lang.String>", "functions cannot"),
        Arguments.of("OutputStream", "java.io.OutputStream", "I/O handles"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unsupportedResults")
  void unsupportedReturnType(String declaration, String typeText, String reasonStart) {
    JavaFileObject f =
        module("Giver", "public class Giver {", "  @Rpc public " + declaration + " give() { return null; }", "}");
    Compilation c = compileWithValid(f);
    String message = Messages.unsupportedReturnType("give", typeText, "");
    assertThat(c).hadErrorContaining(message.substring(0, message.length() - Messages.SUPPORTED_TYPES.length() - 1))
        .inFile(f).onLineContaining(" give()");
    assertThat(c).hadErrorContaining(reasonStart).inFile(f).onLineContaining(" give()");
  }

  /** A primitive cannot be null: {@code @Nullable} on one would promise clients an absence the server refuses. */
  @Test
  void nullablePrimitivesAreRefusedWithTheBoxAsFix() {
    JavaFileObject f = module("Prim",
        "public class Prim {",
        "  public record Box(@Nullable long count) {}",
        "  @Rpc public void take(@Nullable int value) {}",
        "  @Rpc public @Nullable double give() { return 0; }",
        "  @Rpc public void box(Box box) {}",
        "}");
    Compilation c = ProcessorTestSupport.compile(f, ProcessorTestSupport.NULLABLE, VALID);
    String fix = "cannot be null, so @Nullable cannot hold; use its box (e.g. Integer for int) to allow null, or drop @Nullable.";
    assertThat(c).hadErrorContaining(Messages.unsupportedParameterType("value", "take", "int", "a primitive int " + fix))
        .inFile(f).onLineContaining("int value");
    assertThat(c).hadErrorContaining("a primitive double " + fix).inFile(f).onLineContaining("double give()");
    assertThat(c).hadErrorContaining("a primitive long " + fix).inFile(f).onLineContaining("long count");
  }

  /**
   * An Optional's empty is null on the wire: @Nullable on one, or an Optional of something that may be
   * absent itself, would make two values one (a null coming back empty, an empty inner value an empty outer one).
   */
  @Test
  void nullableAndNestedOptionalsAreRefusedWithOneLevelAsFix() {
    JavaFileObject f = module("Opt",
        "public class Opt {",
        "  public record Box(@Nullable Optional<String> label) {}",
        "  @Rpc public void take(@Nullable OptionalInt value) {}",
        "  @Rpc public Optional<Optional<String>> twice() { return Optional.empty(); }",
        "  @Rpc public void sparse(List<Optional<OptionalLong>> values) {}",
        "  @Rpc public @Nullable Optional<String> give() { return null; }",
        "  @Rpc public void box(Box box) {}",
        "  @Rpc public void fine(Optional<String> a, OptionalDouble b, List<Optional<String>> c) {}",
        "}");
    Compilation c = ProcessorTestSupport.compile(f, ProcessorTestSupport.NULLABLE, VALID);
    String nullableFix = "is already either a value or empty, and empty is null on the wire, so @Nullable would make null"
        + " and empty one value (a null would come back empty): drop @Nullable.";
    String nestedFix = "holds a value that may itself be absent; on the wire both absences are null, so an empty inner"
        + " value would come back as an empty outer one: keep one level of Optional (or @Nullable).";
    assertThat(c).hadErrorContaining(Messages.unsupportedParameterType("value", "take", "java.util.OptionalInt",
        "java.util.OptionalInt " + nullableFix)).inFile(f).onLineContaining("OptionalInt value");
    assertThat(c).hadErrorContaining(nestedFix).inFile(f).onLineContaining(" twice()");
    assertThat(c).hadErrorContaining(nestedFix).inFile(f).onLineContaining("List<Optional<OptionalLong>> values");
    assertThat(c).hadErrorContaining(nullableFix).inFile(f).onLineContaining(" give()");
    assertThat(c).hadErrorContaining(nullableFix).inFile(f).onLineContaining("Optional<String> label");
    assertThat(c).hadErrorCount(5);
  }

  /** An upload is the request body: one per method, never null, never inside a value or a result. */
  @Test
  void uploadsAreOnePerMethodAndOnlyAParameterOfTheirOwn() {
    JavaFileObject f = module("Files",
        "import dev.poto.protocol.Upload;",
        "public class Files {",
        "  public record Form(String title, Upload file) {}",
        "  @Rpc public void two(Upload first, String title, Upload second) {}",
        "  @Rpc public void many(List<Upload> files) {}",
        "  @Rpc public void maybe(@Nullable Upload upload) {}",
        "  @Rpc public void optional(Optional<Upload> upload) {}",
        "  @Rpc public void form(Form form) {}",
        "  @Rpc public Upload back() { return null; }",
        "}");
    Compilation c = ProcessorTestSupport.compile(f, ProcessorTestSupport.NULLABLE, VALID);
    String second = Messages.secondUpload("two", "first", "second");
    assertThat(second).contains("take one Upload per method");
    assertThat(c).hadErrorContaining(second).inFile(f).onLineContaining("Upload second)");
    String nested = "an Upload is the request body itself, never part of a JSON value";
    assertThat(c).hadErrorContaining(Messages.unsupportedParameterType("files", "many",
        "java.util.List<dev.poto.protocol.Upload>", "")
        .substring(0, 60)).inFile(f).onLineContaining("List<Upload> files");
    assertThat(c).hadErrorContaining(nested).inFile(f).onLineContaining("List<Upload> files");
    assertThat(c).hadErrorContaining(nested).inFile(f).onLineContaining("Optional<Upload> upload");
    assertThat(c).hadErrorContaining(nested).inFile(f).onLineContaining("Upload file) {}");
    assertThat(c).hadErrorContaining(nested).inFile(f).onLineContaining("Upload back()");
    assertThat(c).hadErrorContaining("an Upload is the request body, which is always there").inFile(f)
        .onLineContaining("@Nullable Upload upload");
  }

  @Test
  void typeVariablesOfAGenericMethodAreUnsupportedToo() {
    JavaFileObject f = module("Tv", "public class Tv {", "  @Rpc public <T> T echo(T value) { return value; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.genericRpc("echo")).inFile(f).onLineContaining("T echo(");
    assertThat(c).hadErrorContaining("type variable T has no fixed wire type").inFile(f).onLineContaining("T value");
  }

  @Test
  void typesThatNeverResolveAreReportedAtTheEnd() {
    JavaFileObject f =
        module("Broken", "public class Broken {", "  @Rpc public String use(Missing value) { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, VALID);
    assertThat(c).hadErrorContaining(Messages.unresolvedType("com.example.Broken")).inFile(f)
        .onLineContaining("public class Broken");
    assertThat(c).hadErrorContaining("cannot find symbol");
  }

  static Stream<Arguments> nonClasses() {
    return Stream.of(
        Arguments.of("public enum Api { ONE;", "  @Rpc public String call() { return \"\"; }", "an enum"),
        Arguments.of("public record Api(int x) {", "  @Rpc public String call() { return \"\"; }", "a record"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("nonClasses")
  void rpcOutsideAClass(String header, String method, String kind) {
    JavaFileObject f = module("Api", header, method, "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.rpcOutsideClass("call", kind)).inFile(f).onLineContaining("String call()");
  }

  @Test
  void rpcInAnInterfaceWithoutRpcModule() {
    JavaFileObject f = module("Api", "public interface Api {", "  @Rpc String call();", "}");
    Compilation c = compileWithValid(f);
    String message = Messages.interfaceWithoutRpcModule("call", "com.example.Api");
    assertThat(message).contains("annotate the interface with @RpcModule");
    assertThat(c).hadErrorContaining(message).inFile(f).onLineContaining("String call()");
  }

  /** An API module compiled alongside the implementations below. */
  private static final JavaFileObject NOTES_API = module("NotesApi",
      "@RpcModule(\"notes\") public interface NotesApi {", "  @Rpc String add(String text);", "}");

  private static final JavaFileObject TAGS_API = module("TagsApi",
      "@RpcModule(\"tags\") public interface TagsApi {", "  @Rpc String tag(String name);", "}");

  @Test
  void aClassImplementingTwoApiModules() {
    JavaFileObject f = module("Both", "public class Both implements NotesApi, TagsApi {",
        "  public String add(String text) { return text; }", "  public String tag(String name) { return name; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, NOTES_API, TAGS_API, VALID);
    assertThat(c).hadErrorContaining(Messages.severalApis("com.example.Both", "com.example.NotesApi, com.example.TagsApi"))
        .inFile(f).onLineContaining("public class Both");
  }

  @Test
  void twoImplementationsOfOneApiAreReportedOnEach() {
    JavaFileObject first = module("FirstNotes", "public class FirstNotes implements NotesApi {",
        "  public String add(String text) { return text; }", "}");
    JavaFileObject second = module("SecondNotes", "public class SecondNotes implements NotesApi {",
        "  public String add(String text) { return text; }", "}");
    Compilation c = ProcessorTestSupport.compile(first, second, NOTES_API, VALID);
    assertThat(c).hadErrorContaining(
            Messages.duplicateImplementation("com.example.NotesApi", "com.example.SecondNotes", "com.example.FirstNotes"))
        .inFile(second).onLineContaining("public class SecondNotes");
    assertThat(c).hadErrorContaining(
            Messages.duplicateImplementation("com.example.NotesApi", "com.example.FirstNotes", "com.example.SecondNotes"))
        .inFile(first).onLineContaining("public class FirstNotes");
  }

  @Test
  void aSubclassOfAnImplementationIsNotASecondImplementation() {
    JavaFileObject base = module("BaseNotes", "public abstract class BaseNotes implements NotesApi {}");
    JavaFileObject concrete = module("Notes", "public class Notes extends BaseNotes {",
        "  public String add(String text) { return text; }", "}");
    assertThat(ProcessorTestSupport.compile(base, concrete, NOTES_API)).succeededWithoutWarnings();
  }

  @Test
  void accessAnnotationsOnAnImplementation() {
    JavaFileObject f = module("OpenNotes", "@Public public class OpenNotes implements NotesApi {",
        "  @Roles(\"admin\") public String add(String text) { return text; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, NOTES_API, VALID);
    String onClass = Messages.accessOnImplementation("class com.example.OpenNotes", "com.example.NotesApi");
    assertThat(onClass).contains("part of the API");
    assertThat(c).hadErrorContaining(onClass).inFile(f).onLineContaining("@Public public class OpenNotes");
    assertThat(c).hadErrorContaining(
            Messages.accessOnImplementation("method add() of com.example.OpenNotes", "com.example.NotesApi"))
        .inFile(f).onLineContaining("String add(String text)");
  }

  @Test
  void anRpcMethodOfAnImplementationThatTheApiDoesNotDeclare() {
    JavaFileObject f = module("MoreNotes", "public class MoreNotes implements NotesApi {",
        "  @Rpc public String add(String text) { return text; }", // repeating the API's @Rpc is fine
        "  @Rpc public String extra() { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, NOTES_API, VALID);
    assertThat(c).hadErrorContaining(Messages.rpcNotInApi("extra", "com.example.MoreNotes", "com.example.NotesApi"))
        .inFile(f).onLineContaining("String extra()");
    assertThat(c.errors()).hasSize(1);
  }

  @Test
  void aRouteOnAnImplementation() {
    JavaFileObject f = module("RoutedNotes", "@RpcModule(\"other\") public class RoutedNotes implements NotesApi {",
        "  public String add(String text) { return text; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, NOTES_API, VALID);
    assertThat(c).hadErrorContaining(Messages.routeOnImplementation("com.example.RoutedNotes", "com.example.NotesApi"))
        .inFile(f).onLineContaining("public class RoutedNotes");
  }

  @Test
  void aNonPublicImplementation() {
    JavaFileObject f = module("QuietNotes", "class QuietNotes implements NotesApi {",
        "  public String add(String text) { return text; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, NOTES_API, VALID);
    assertThat(c).hadErrorContaining(Messages.inaccessibleModule("com.example.QuietNotes", "is not public"))
        .inFile(f).onLineContaining("class QuietNotes");
  }

  @Test
  void nonPublicModuleClass() {
    JavaFileObject f = module("Quiet", "class Quiet {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.inaccessibleModule("com.example.Quiet", "is not public"))
        .inFile(f).onLineContaining("class Quiet");
  }

  @Test
  void moduleNestedInANonPublicClass() {
    JavaFileObject f =
        module(
            "Shell",
            "public class Shell {",
            "  static class Middle {",
            "    public static class Core {",
            "      @Rpc public String hi() { return \"\"; }",
            "    }",
            "  }",
            "}");
    Compilation c = compileWithValid(f);
    assertThat(c)
        .hadErrorContaining(
            Messages.inaccessibleModule("com.example.Shell.Middle.Core", "is nested in com.example.Shell.Middle, which is not public"))
        .inFile(f)
        .onLineContaining("public static class Core");
  }

  @Test
  void genericModuleClass() {
    JavaFileObject f = module("Box", "public class Box<T> {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.genericModule("com.example.Box")).inFile(f).onLineContaining("class Box<T>");
  }

  @Test
  void invalidRouteIsReportedOnTheAnnotation() {
    JavaFileObject f =
        module("Spaced", "@RpcModule(\"bad route\")", "public class Spaced {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.invalidRoute("com.example.Spaced", "bad route"))
        .inFile(f).onLineContaining("@RpcModule(\"bad route\")");
  }

  @Test
  void validationAcceptsExactlyTheRoutesOfTheProtocolsRule() {
    List<String> routes = List.of("todo", "a-b", "a_b", "9lives", "a".repeat(64), "-x", "a.b", "a".repeat(65));
    List<JavaFileObject> files = new ArrayList<>();
    for (int i = 0; i < routes.size(); i++) {
      files.add(module("Routed" + i, "@RpcModule(\"" + routes.get(i) + "\")", "public class Routed" + i + " {",
          "  @Rpc public String hi() { return \"\"; }", "}"));
    }
    Compilation c = ProcessorTestSupport.compile(files.toArray(JavaFileObject[]::new));
    for (int i = 0; i < routes.size(); i++) {
      String error = Messages.invalidRoute("com.example.Routed" + i, routes.get(i));
      boolean reported = c.errors().stream().anyMatch(d -> d.getMessage(null).contains(error));
      assertThat(reported).as(routes.get(i)).isEqualTo(!Protocol.isValidRoute(routes.get(i)));
    }
  }

  @Test
  void routesStartingWithUnderscoreAreReserved() {
    JavaFileObject f =
        module("Auth", "@RpcModule(\"_auth\")", "public class Auth {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.invalidRoute("com.example.Auth", "_auth"))
        .inFile(f).onLineContaining("@RpcModule(\"_auth\")");
  }

  @Test
  void classNameThatIsNoRouteNeedsAnExplicitRoute() {
    JavaFileObject f = module("Dollar$Sign", "public class Dollar$Sign {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.invalidRoute("com.example.Dollar$Sign", "Dollar$Sign"))
        .inFile(f).onLineContaining("public class Dollar$Sign");
  }

  @Test
  void duplicateRoutesAreReportedOnBothClasses() {
    JavaFileObject first =
        module("First", "@RpcModule(\"same\")", "public class First {", "  @Rpc public String a() { return \"\"; }", "}");
    JavaFileObject second =
        module("Second", "@RpcModule(\"same\")", "public class Second {", "  @Rpc public String b() { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(first, second, VALID);
    assertThat(c).hadErrorContaining(Messages.duplicateRoute("com.example.First", "same", "com.example.Second"))
        .inFile(first).onLineContaining("public class First");
    assertThat(c).hadErrorContaining(Messages.duplicateRoute("com.example.Second", "same", "com.example.First"))
        .inFile(second).onLineContaining("public class Second");
  }

  @Test
  void defaultRouteClashesWithAnExplicitOne() {
    JavaFileObject named =
        module("Named", "@RpcModule(\"Fine\")", "public class Named {", "  @Rpc public String a() { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(named, VALID);
    assertThat(c).hadErrorContaining(Messages.duplicateRoute("com.example.Fine", "Fine", "com.example.Named"))
        .inFile(VALID).onLineContaining("public class Fine");
    assertThat(c).hadErrorContaining(Messages.duplicateRoute("com.example.Named", "Fine", "com.example.Fine"))
        .inFile(named).onLineContaining("public class Named");
  }

  @Test
  void emptyRolesOnAMethod() {
    JavaFileObject f = module("Guarded", "public class Guarded {", "  @Rpc @Roles({}) public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.emptyRoles("method hi()")).inFile(f).onLineContaining("@Roles({})");
  }

  @Test
  void blankRoleOnTheClass() {
    JavaFileObject f =
        module("Guarded", "@Roles({\"admin\", \" \"})", "public class Guarded {", "  @Rpc public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.blankRole("class com.example.Guarded"))
        .inFile(f).onLineContaining("@Roles({\"admin\", \" \"})");
  }

  @Test
  void publicAndRolesTogether() {
    JavaFileObject f =
        module("Mixed", "public class Mixed {", "  @Rpc @Public @Roles(\"admin\") public String hi() { return \"\"; }", "}");
    Compilation c = compileWithValid(f);
    assertThat(c).hadErrorContaining(Messages.conflictingAccess("method hi()")).inFile(f).onLineContaining("@Roles(\"admin\")");
  }

  @Test
  void moduleAnnotationWithoutRpcMethodsIsAWarning() {
    JavaFileObject f = module("Idle", "@RpcModule(\"idle\")", "public class Idle {", "  public String hi() { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(f, VALID);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining(Messages.emptyModule("com.example.Idle")).inFile(f).onLineContaining("public class Idle");
  }

  @Test
  void classNamedLikeAGeneratedOne() {
    JavaFileObject taken = module("FineDispatcher", "public class FineDispatcher {}");
    Compilation c = ProcessorTestSupport.compile(taken, VALID);
    assertThat(c).hadErrorContaining(Messages.Id.GeneratedNameClash.tag()).inFile(VALID).onLineContaining("public class Fine");
  }

  @Test
  void invalidModulesGetNoOutputWhileValidOnesDo(@TempDir Path out) throws IOException {
    JavaFileObject hidden = module("Hidden", "public class Hidden {", "  @Rpc String hidden() { return \"\"; }", "}");
    JavaFileObject first =
        module("First", "@RpcModule(\"same\")", "public class First {", "  @Rpc public String a() { return \"\"; }", "}");
    JavaFileObject second =
        module("Second", "@RpcModule(\"same\")", "public class Second {", "  @Rpc public String b() { return \"\"; }", "}");
    // compile-testing hides the outputs of a failed compilation, so run javac on a directory here.
    boolean success = ProcessorTestSupport.generateInto(out, hidden, first, second, VALID);
    assertThat(success).isFalse();
    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(Files::isRegularFile).map(p -> out.relativize(p).toString().replace('\\', '/'))
              .filter(p -> !p.startsWith("META-INF/poto/client/") || p.contains("/Fine.") || p.contains("/same."))
              .sorted())
          .containsExactly(
              "META-INF/poto/client/Fine.d.ts",
              "META-INF/poto/client/Fine.js",
              "META-INF/poto/client/Fine.ts",
              "META-INF/poto/contract.json",
              "META-INF/poto/modules",
              "META-INF/poto/openapi.json",
              "META-INF/services/dev.poto.runtime.dispatch.ModuleBinding",
              "com/example/FineClient.java",
              "com/example/FineDescriptor.java",
              "com/example/FineDispatcher.java");
    }
    assertThat(Files.readString(out.resolve("META-INF/services/dev.poto.runtime.dispatch.ModuleBinding")))
        .isEqualTo("com.example.FineDispatcher$Binding\n");
    assertThat(Files.readString(out.resolve("META-INF/poto/modules"))).isEqualTo("com.example.Fine\n");
  }

  // ---- declared errors ----

  /** An error class in its own file, then a module whose method declares it. */
  private static JavaFileObject error(String name, String annotation, String... body) {
    List<String> lines = new ArrayList<>(List.of("package com.example;", "import dev.poto.annotations.*;",
        "import dev.poto.protocol.*;", "import java.util.*;"));
    if (annotation != null) {
      lines.add(annotation);
    }
    lines.addAll(List.of(body));
    return JavaFileObjects.forSourceLines("com.example." + name, lines.toArray(String[]::new));
  }

  private static JavaFileObject throwing(String errors) {
    return JavaFileObjects.forSourceLines("com.example.Notes", "package com.example;",
        "import dev.poto.annotations.*;", "import dev.poto.protocol.*;", "public class Notes {",
        "  @Rpc public String get(long id) throws " + errors + " { return \"\"; }", "}");
  }

  private static JavaFileObject noteNotFound(String annotation) {
    return error("NoteNotFound", annotation, "public class NoteNotFound extends DomainException {",
        "  private final long noteId;",
        "  public NoteNotFound(long noteId) { super(\"No note \" + noteId); this.noteId = noteId; }",
        "  public long noteId() { return noteId; }", "}");
  }

  private static void assertErrorOnThrows(JavaFileObject error, String errors, String message) {
    JavaFileObject notes = throwing(errors);
    Compilation c = ProcessorTestSupport.compile(notes, error, VALID);
    assertThat(c).hadErrorContaining(message).inFile(notes).onLineContaining("throws " + errors);
  }

  @Test
  void declaredErrorWithoutRpcError() {
    String message = Messages.missingErrorCode("com.example.NoteNotFound");
    assertThat(message).contains("annotate it with @RpcError");
    assertErrorOnThrows(noteNotFound(null), "NoteNotFound", message);
  }

  @Test
  void declaredErrorCodeNotInSnakeCase() {
    String message = Messages.invalidErrorCode("com.example.NoteNotFound", "NoteNotFound");
    assertThat(message).contains("snake case");
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"NoteNotFound\", status = 404)"), "NoteNotFound", message);
  }

  @Test
  void declaredErrorCodeClashingWithPotosOwn() {
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"forbidden\", status = 403)"), "NoteNotFound",
        Messages.reservedErrorCode("com.example.NoteNotFound", "forbidden"));
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"http_404\", status = 404)"), "NoteNotFound",
        Messages.reservedErrorCode("com.example.NoteNotFound", "http_404"));
  }

  @Test
  void declaredErrorStatusOutsideTheErrorRange() {
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"note_not_found\", status = 200)"), "NoteNotFound",
        Messages.invalidErrorStatus("com.example.NoteNotFound", 200));
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"note_not_found\", status = 600)"), "NoteNotFound",
        Messages.invalidErrorStatus("com.example.NoteNotFound", 600));
  }

  @Test
  void twoDeclaredErrorsWithOneCode() {
    JavaFileObject other = error("Gone", "@RpcError(code = \"note_not_found\", status = 410)",
        "public class Gone extends DomainException {", "  public Gone() { super(\"gone\"); }", "}");
    JavaFileObject notes = throwing("NoteNotFound, Gone");
    Compilation c = ProcessorTestSupport.compile(notes, other,
        noteNotFound("@RpcError(code = \"note_not_found\", status = 404)"), VALID);
    assertThat(c).hadErrorContaining(Messages.errorCodeClash("note_not_found", "com.example.Gone", "com.example.NoteNotFound"))
        .inFile(notes).onLineContaining("throws NoteNotFound, Gone");
  }

  @Test
  void oneCodeForTwoErrorClassesAcrossModules() {
    JavaFileObject other = error("Gone", "@RpcError(code = \"note_not_found\", status = 410)",
        "public class Gone extends DomainException {", "  public Gone() { super(\"gone\"); }", "}");
    JavaFileObject archive = module("Archive", "public class Archive {",
        "  @Rpc public String old(long id) throws Gone { return \"\"; }", "}");
    Compilation c = ProcessorTestSupport.compile(throwing("NoteNotFound"), archive, other,
        noteNotFound("@RpcError(code = \"note_not_found\", status = 404)"));
    assertThat(c).hadErrorContaining(Messages.errorCodeClash("note_not_found", "com.example.NoteNotFound", "com.example.Gone"))
        .inFile(throwing("NoteNotFound")).onLineContaining("throws NoteNotFound");
  }

  @Test
  void declaredErrorThatGeneratedCodeCannotCreate() {
    JavaFileObject hidden = error("Hidden", "@RpcError(code = \"hidden\", status = 400)",
        "class Hidden extends DomainException {", "  public Hidden() { super(\"hidden\"); }", "}");
    assertErrorOnThrows(hidden, "Hidden", Messages.inaccessibleError("com.example.Hidden", "is not public"));
    JavaFileObject abstractError = error("Vague", "@RpcError(code = \"vague\", status = 400)",
        "public abstract class Vague extends DomainException {", "  public Vague() { super(\"vague\"); }", "}");
    assertErrorOnThrows(abstractError, "Vague", Messages.inaccessibleError("com.example.Vague", "is abstract"));
  }

  @Test
  void declaredErrorWithoutExactlyOnePublicConstructor() {
    JavaFileObject two = error("Twice", "@RpcError(code = \"twice\", status = 409)",
        "public class Twice extends DomainException {", "  public Twice() { super(\"a\"); }",
        "  public Twice(String why) { super(why); }", "  public String why() { return getMessage(); }", "}");
    String message = Messages.errorConstructor("com.example.Twice", 2);
    assertThat(message).contains("exactly one");
    assertErrorOnThrows(two, "Twice", message);
  }

  @Test
  void declaredErrorFieldWithoutAccessor() {
    JavaFileObject field = error("Limited", "@RpcError(code = \"limited\", status = 429)",
        "public class Limited extends DomainException {", "  private final int limit;",
        "  public Limited(int limit) { super(\"limit\"); this.limit = limit; }",
        "  public long limit() { return limit; }", "}");
    assertErrorOnThrows(field, "Limited", Messages.errorFieldAccessor("com.example.Limited", "limit", "int"));
  }

  @Test
  void declaredErrorFieldNamedLikeAProblemMember() {
    JavaFileObject field = error("Coded", "@RpcError(code = \"coded\", status = 400)",
        "public class Coded extends DomainException {", "  private final String detail;",
        "  public Coded(String detail) { super(detail); this.detail = detail; }",
        "  public String detail() { return detail; }", "}");
    assertErrorOnThrows(field, "Coded", Messages.reservedErrorField("com.example.Coded", "detail"));
  }

  @Test
  void declaredErrorFieldThatCannotCrossTheWire() {
    JavaFileObject field = error("Odd", "@RpcError(code = \"odd\", status = 400)",
        "public class Odd extends DomainException {", "  private final Object what;",
        "  public Odd(Object what) { super(\"odd\"); this.what = what; }",
        "  public Object what() { return what; }", "}");
    assertErrorOnThrows(field, "Odd", "[Poto/UnsupportedErrorField] Field 'what' of declared error com.example.Odd"
        + " has type java.lang.Object, which Poto cannot send");
  }

  @Test
  void rpcErrorOnAClassThatIsNoDomainException() {
    JavaFileObject plain = error("Plain", "@RpcError(code = \"plain\", status = 400)",
        "public class Plain extends RuntimeException {}");
    assertErrorOnThrows(plain, "Plain", Messages.errorNotDomainException("com.example.Plain", "get"));
  }

  @Test
  void domainExceptionItselfNamesNoError() {
    assertErrorOnThrows(noteNotFound("@RpcError(code = \"note_not_found\", status = 404)"), "DomainException",
        Messages.undeclarableError("get"));
  }

  @Test
  void ordinaryCheckedExceptionsStayUndeclaredAndCompile() {
    JavaFileObject io = module("Files", "public class Files {",
        "  @Rpc public String read(String name) throws IOException { return name; }", "}");
    Compilation c = ProcessorTestSupport.compile(io);
    assertThat(c).succeededWithoutWarnings();
    assertThat(ProcessorTestSupport.generatedSource(c, "com.example.FilesDescriptor").orElseThrow())
        .doesNotContain("ERROR").doesNotContain("throws");
  }

  @Test
  void everyIdIsUsedOnceAndTaggedConsistently() {
    for (Messages.Id id : Messages.Id.values()) {
      assertThat(id.tag()).isEqualTo("[Poto/" + id.name() + "]");
    }
    assertThat(Messages.internalError("boom")).startsWith("[Poto/InternalError]").contains("please report");
  }
}
