package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.poto.contract.Contract;
import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.contract.json.ContractJson;
import dev.poto.protocol.ResultKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract file the processor writes next to its other outputs (docs/CONTRACT.md). */
class ContractOutputTest {
  private static final TypeRef STRING = new TypeRef.Scalar(ScalarKind.STRING);

  @Test
  void theRepresentativeModulesContractMatchesTheGoldenFile() throws IOException {
    String actual = contractText(ProcessorTestSupport.compile(ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE));
    Path golden = Path.of(System.getProperty("poto.goldenDir", "src/test/resources/golden")).resolve(Contract.CLASS_PATH_LOCATION);
    if (Boolean.getBoolean("poto.regenerateGolden")) {
      Files.createDirectories(golden.getParent());
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    // The file reads back into the same contract and writes back to the same bytes.
    assertThat(ContractJson.write(ContractJson.read(actual))).isEqualTo(actual);
  }

  @Test
  void theSameSourcesGiveAByteIdenticalFileWhateverTheirOrder(@TempDir Path dir) throws IOException {
    JavaFileObject[] sources = {shapes(), module("Zeta", "zeta", "Shape"), module("Alpha", "alpha", "Color"), ProcessorTestSupport.NULLABLE};
    Path first = dir.resolve("first");
    Path second = dir.resolve("second");
    assertThat(ProcessorTestSupport.generateInto(Files.createDirectories(first), sources)).isTrue();
    JavaFileObject[] reversed = {sources[3], sources[2], sources[1], sources[0]};
    assertThat(ProcessorTestSupport.generateInto(Files.createDirectories(second), reversed)).isTrue();
    byte[] one = Files.readAllBytes(first.resolve(Contract.CLASS_PATH_LOCATION));
    byte[] two = Files.readAllBytes(second.resolve(Contract.CLASS_PATH_LOCATION));
    assertThat(two).isEqualTo(one);
    assertThat(ContractJson.read(new String(one, StandardCharsets.UTF_8)).modules())
        .extracting(m -> m.route()).containsExactly("alpha", "zeta");
  }

  @Test
  void methodsCarryAccessParametersResultsAndTheTypesTheyReach() {
    Contract contract = ContractJson.read(contractText(
        ProcessorTestSupport.compile(shapes(), module("Zeta", "zeta", "Shape"), ProcessorTestSupport.NULLABLE)));
    var zeta = contract.module("zeta").orElseThrow();
    assertThat(zeta.javaType()).isEqualTo("com.example.Zeta");
    assertThat(zeta.methods()).extracting(ContractMethod::name).containsExactly("admin", "get", "open", "raw", "uses", "watch");

    ContractMethod get = zeta.method("get").orElseThrow();
    assertThat(get.access()).isEqualTo(new ContractAccess(true, List.of()));
    assertThat(get.params()).containsExactly(
        new ContractParam("id", new TypeRef.Scalar(ScalarKind.LONG), true),
        new ContractParam("note", new TypeRef.Nullable(STRING), false),
        new ContractParam("when", new TypeRef.Nullable(new TypeRef.Scalar(ScalarKind.INSTANT)), false));
    assertThat(get.result()).isEqualTo(new ContractResult(ResultKind.VALUE,
        new TypeRef.Nullable(new TypeRef.Named("com.example.Shape", List.of()))));
    assertThat(get.errors()).isEmpty();

    assertThat(zeta.method("admin").orElseThrow().access()).isEqualTo(new ContractAccess(false, List.of("admin", "ops")));
    assertThat(zeta.method("open").orElseThrow().access()).isEqualTo(ContractAccess.AUTHENTICATED);
    assertThat(zeta.method("open").orElseThrow().result()).isEqualTo(new ContractResult(ResultKind.VOID, null));
    assertThat(zeta.method("raw").orElseThrow().result()).isEqualTo(new ContractResult(ResultKind.BYTES, null));
    assertThat(zeta.method("watch").orElseThrow().result()).isEqualTo(new ContractResult(ResultKind.STREAM,
        new TypeRef.Named("com.example.Page", List.of(new TypeRef.Named("com.example.Shape", List.of())))));
    assertThat(zeta.method("admin").orElseThrow().params()).containsExactly(new ContractParam("byColor",
        new TypeRef.Dictionary(new TypeRef.Named("com.example.Color", List.of()), new TypeRef.Sequence(new TypeRef.Scalar(ScalarKind.INT))),
        true));

    // Only reachable types, each described once.
    assertThat(contract.types()).containsOnlyKeys(
        "com.example.Circle", "com.example.Color", "com.example.Page", "com.example.Shape", "com.example.Square");
    assertThat(contract.types().get("com.example.Color")).isEqualTo(new TypeDecl.EnumType(List.of("RED", "GREEN")));
    assertThat(contract.types().get("com.example.Shape")).isEqualTo(new TypeDecl.UnionType("kind", List.of(
        new TypeDecl.Variant("circle", "com.example.Circle"), new TypeDecl.Variant("square", "com.example.Square"))));
    assertThat(contract.types().get("com.example.Page")).isEqualTo(new TypeDecl.ObjectType(List.of("T"), List.of(), List.of(
        new TypeDecl.Property("items", new TypeRef.Sequence(new TypeRef.TypeParameter("T")), false, TypeDecl.Access.READ_WRITE),
        new TypeDecl.Property("next", new TypeRef.Nullable(STRING), true, TypeDecl.Access.READ_WRITE))));
    TypeDecl.ObjectType circle = (TypeDecl.ObjectType) contract.types().get("com.example.Circle");
    assertThat(circle.discriminators()).containsExactly(new TypeDecl.Discriminator("kind", "circle"));
    assertThat(circle.properties()).extracting(TypeDecl.Property::name).containsExactly("radius", "color");
  }

  @Test
  void aCompilationWithoutModulesWritesNoContract() {
    Compilation c = ProcessorTestSupport.compile(JavaFileObjects.forSourceString("com.example.Plain",
        "package com.example; public class Plain {}"));
    assertThat(c).succeeded();
    assertThat(c.generatedFile(StandardLocation.CLASS_OUTPUT, "", Contract.CLASS_PATH_LOCATION)).isEmpty();
  }

  @Test
  void invalidModulesAreNotInTheContract(@TempDir Path out) throws IOException {
    JavaFileObject broken = JavaFileObjects.forSourceString("com.example.Broken", """
        package com.example;
        import dev.poto.annotations.Rpc;
        public class Broken { @Rpc static String nope() { return ""; } }
        """);
    assertThat(ProcessorTestSupport.generateInto(out, broken, module("Alpha", "alpha", "Color"), shapes(),
        ProcessorTestSupport.NULLABLE)).isFalse();
    Contract contract = ContractJson.read(Files.readString(out.resolve(Contract.CLASS_PATH_LOCATION)));
    assertThat(contract.modules()).extracting(m -> m.route()).containsExactly("alpha");
  }

  @Test
  void docsListEveryScalarNameOfTheWireModel() throws IOException {
    String doc = Files.readString(Path.of("../docs/CONTRACT.md"), StandardCharsets.UTF_8);
    String list = doc.substring(doc.indexOf("Scalar names"), doc.indexOf("A **declaration**"));
    java.util.Set<String> documented = new java.util.TreeSet<>();
    java.util.regex.Matcher names = java.util.regex.Pattern.compile("`([a-z_]+)`").matcher(list);
    while (names.find()) {
      documented.add(names.group(1));
    }
    java.util.Set<String> mapped = new java.util.TreeSet<>();
    for (dev.poto.contract.ScalarKind kind : dev.poto.contract.ScalarKind.values()) {
      mapped.add(kind.contractName());
    }
    documented.remove("bigint"); // named in the sentence about LONG_EXACT, not a scalar name
    assertThat(documented).isEqualTo(mapped);
  }

  static String contractText(Compilation compilation) {
    assertThat(compilation).succeeded();
    return ProcessorTestSupport.content(
        compilation.generatedFile(StandardLocation.CLASS_OUTPUT, "", Contract.CLASS_PATH_LOCATION)
            .orElseThrow(() -> new AssertionError("no contract written")));
  }

  static JavaFileObject shapes() {
    return JavaFileObjects.forSourceString("com.example.Shapes", """
        package com.example;
        import com.fasterxml.jackson.annotation.JsonSubTypes;
        import com.fasterxml.jackson.annotation.JsonTypeInfo;
        import java.util.List;
        enum Color { RED, GREEN }
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
        @JsonSubTypes({@JsonSubTypes.Type(value = Circle.class, name = "circle"), @JsonSubTypes.Type(value = Square.class, name = "square")})
        sealed interface Shape permits Circle, Square {}
        record Circle(double radius, Color color) implements Shape {}
        record Square(double side) implements Shape {}
        record Page<T>(List<T> items, @Nullable String next) {}
        public class Shapes {}
        """);
  }

  /** A module with every access and result form, and a method taking and returning {@code type}. */
  static JavaFileObject module(String name, String route, String type) {
    return JavaFileObjects.forSourceString("com.example." + name, """
        package com.example;
        import dev.poto.annotations.*;
        import java.time.Instant;
        import java.util.*;
        import java.util.stream.Stream;
        @RpcModule("%s")
        public class %s {
          @Rpc @Public public @Nullable Shape get(long id, @Nullable String note, Optional<Instant> when) { return null; }
          @Rpc @Roles({"ops", "admin", "ops"}) public int admin(Map<Color, List<Integer>> byColor) { return 0; }
          @Rpc public void open() {}
          @Rpc public byte[] raw() { return new byte[0]; }
          @Rpc public Stream<Page<Shape>> watch() { return Stream.empty(); }
          @Rpc public %s uses(%s value) { return value; }
        }
        """.formatted(route, name, type, type));
  }
}
