package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.wire.WireMessages;
import dev.poto.wire.WireProblem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every Java shape with no wire form is a problem of the wire model with a stable id, once, on the
 * element at fault, with a fix; names TypeScript reserves are renamed instead.
 */
class ProblemsTest {

  /** Compiles one module {@code p.XModule} plus extra sources in package p, returns the problems. */
  private static List<WireProblem> problems(String moduleBody, String... otherTypes) {
    TsGenerationResult result = Javac.generate(sources(moduleBody, otherTypes));
    assertThat(result.files()).as("no files when there are problems").isEmpty();
    return result.problems();
  }

  private static Map<String, String> sources(String moduleBody, String... otherTypes) {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("p/XModule.java", """
        package p;
        import java.util.*;
        import java.time.*;
        import org.jspecify.annotations.Nullable;
        import com.fasterxml.jackson.annotation.*;
        public class XModule {
        %s
        }
        """.formatted(moduleBody));
    for (String type : otherTypes) {
      String name = type.replaceAll("(?s).*?(?:record|class|interface|enum) (\\w+).*", "$1");
      sources.put("p/" + name + ".java", "package p;\nimport java.util.*;\nimport com.fasterxml.jackson.annotation.*;\n" + type);
    }
    return sources;
  }

  private static WireProblem only(List<WireProblem> problems, String id) {
    assertThat(problems).extracting(WireProblem::id).containsExactly(id);
    WireProblem problem = problems.get(0);
    assertThat(problem.message()).startsWith(id + " ");
    assertThat(problem.element()).isNotNull();
    return problem;
  }

  private static String types(String moduleBody, String... otherTypes) {
    TsGenerationResult result = Javac.generate(sources(moduleBody, otherTypes));
    assertThat(result.problems()).isEmpty();
    return result.files().get("types.ts");
  }

  @Test
  void twoTypesWithTheSameSimpleNameGetDistinctStableNames() {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("a/Item.java", "package a; public record Item(String name) {}");
    sources.put("b/Item.java", "package b; public record Item(int count) {}");
    sources.put("c/Order.java", "package c; public record Order(a.Item item) {}");
    sources.put("p/XModule.java", "package p; public class XModule { public a.Item one(b.Item other, c.Order order) { return null; } }");
    TsGenerationResult result = Javac.generate(sources);
    assertThat(result.problems()).isEmpty();
    assertThat(result.files().get("types.ts"))
        .contains("export interface a_Item {\n  name: string;\n}")
        .contains("export interface b_Item {\n  count: number;\n}")
        .contains("export interface Order {\n  item: a_Item;\n}");
    assertThat(result.files().get("x.ts")).contains("one(other: b_Item, order: Order, opts?: CallOptions): Promise<a_Item>");
  }

  @Test
  void reservedWordsAsParameterNamesAreRenamedInTypeScriptOnly() {
    TsGenerationResult result = Javac.generate(sources("public void remove(String delete, int delete_) {}"));
    assertThat(result.problems()).isEmpty();
    assertThat(result.files().get("x.ts"))
        .contains("remove(delete__: string, delete_: number, opts?: CallOptions)")
        .contains("{ delete: delete__, delete_ }");
  }

  @Test
  void aMethodNamedConstructorKeepsItsRoute() {
    TsGenerationResult result = Javac.generate(sources("public void constructor() {}"));
    assertThat(result.files().get("x.ts")).contains("constructor_(opts?: CallOptions)").contains("\"x\", \"constructor\"");
  }

  @Test
  void typesNamedLikeTypeScriptBuiltInsAreRenamed() {
    assertThat(types("public Date now() { return null; }", "public record Date(String iso) {}"))
        .contains("export interface p_Date {");
  }

  @Test
  void objectHasNoWireForm() {
    WireProblem problem = only(problems("public Object any() { return null; }"), WireMessages.UNSUPPORTED_RETURN_TYPE);
    assertThat(problem.message()).contains("java.lang.Object does not say what JSON to expect");
  }

  @Test
  void threadsFunctionsAndOtherJdkTypesHaveNoWireForm() {
    List<WireProblem> found = problems("""
        public void a(Thread t) {}
        public void b(java.util.function.Function<String, String> f) {}
        public void d(Iterable<String> i) {}
        public void e(java.net.URI u) {}
        """);
    assertThat(found).extracting(WireProblem::id).containsOnly(WireMessages.UNSUPPORTED_PARAMETER_TYPE).hasSize(4);
  }

  @Test
  void plainInterfacesAndAbstractClassesAreRejected() {
    assertThat(problems("public void a(Runnable r) {}")).extracting(WireProblem::id)
        .containsExactly(WireMessages.UNSUPPORTED_PARAMETER_TYPE);
    WireProblem face = only(problems("public void a(Named n) {}", "public interface Named { String name(); }"),
        WireMessages.UNSUPPORTED_PARAMETER_TYPE);
    assertThat(face.message()).contains("interface p.Named has no fixed JSON shape");
    WireProblem base = only(problems("public void a(Base b) {}", "public abstract class Base { public String getX() { return null; } }"),
        WireMessages.UNSUPPORTED_PARAMETER_TYPE);
    assertThat(base.message()).contains("abstract class p.Base has no fixed JSON shape");
  }

  @Test
  void rawTypesWildcardsAndMethodTypeVariablesAreRejected() {
    assertThat(only(problems("@SuppressWarnings(\"rawtypes\") public void a(List items) {}"),
        WireMessages.UNSUPPORTED_PARAMETER_TYPE).message()).contains("raw type java.util.List");
    assertThat(only(problems("public void a(List<? extends Number> items) {}"),
        WireMessages.UNSUPPORTED_PARAMETER_TYPE).message()).contains("? extends java.lang.Number");
    assertThat(problems("public <T> T a(T value) { return value; }")).extracting(WireProblem::id)
        .containsExactly(WireMessages.UNSUPPORTED_PARAMETER_TYPE, WireMessages.UNSUPPORTED_RETURN_TYPE);
  }

  @Test
  void mapKeysThatJacksonWritesExactlyAreStringsInTypeScript() {
    assertThat(types("public Box a() { return null; }", """
        public record Box(Map<Integer, String> ints, Map<Long, String> longs, Map<UUID, String> ids,
            Map<java.time.LocalDate, String> days, Map<Boolean, String> flags) {}
        """)).contains("ints: Record<string, string>;").contains("longs: Record<string, string>;")
        .contains("days: Record<string, string>;").contains("flags: Record<string, string>;");
  }

  @Test
  void mapKeysWithoutAnExactKeyFormAreRejected() {
    WireProblem problem = only(problems("public Map<Double, String> a() { return null; }"), WireMessages.UNSUPPORTED_RETURN_TYPE);
    assertThat(problem.message()).contains("map key java.lang.Double is not written exactly");
  }

  @Test
  void sealedInterfacesNeedJacksonTypeInfoReportedOnTheInterface() {
    WireProblem problem = only(problems("public Shape a() { return null; }",
        "public sealed interface Shape permits Shape.Dot { record Dot(int x) implements Shape {} }"),
        WireMessages.SEALED_TYPE_INFO);
    assertThat(problem.message()).contains("@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\")")
        .contains("@JsonSubTypes");
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("Shape");
  }

  @Test
  void sealedTypeInfoMustUseNamesInAProperty() {
    only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot { record Dot(int x) implements Shape {} }
        """), WireMessages.SEALED_TYPE_INFO);
  }

  @Test
  void subTypesMustMatchThePermitsClause() {
    WireProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot, Shape.Line {
          record Dot(int x) implements Shape {}
          record Line(int length) implements Shape {}
        }
        """), WireMessages.SEALED_SUBTYPES);
    assertThat(problem.message()).contains("missing: p.Shape.Line");
  }

  @Test
  void variantsMustBeRecordsOrFinalClasses() {
    WireProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Round.class)})
        public sealed interface Shape permits Shape.Round {
          non-sealed class Round implements Shape { public int getR() { return 1; } }
        }
        """), WireMessages.SEALED_VARIANT);
    assertThat(problem.message()).contains("p.Shape.Round");
  }

  @Test
  void aVariantPropertyMayNotShadowTheTypeProperty() {
    WireProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot { record Dot(String type) implements Shape {} }
        """), WireMessages.DISCRIMINATOR_CLASH);
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("type");
  }

  @Test
  void twoVariantsMayNotShareATag() {
    only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(value = Shape.Dot.class, name = "x"),
                       @JsonSubTypes.Type(value = Shape.Line.class, name = "x")})
        public sealed interface Shape permits Shape.Dot, Shape.Line {
          record Dot(int x) implements Shape {}
          record Line(int length) implements Shape {}
        }
        """), WireMessages.DUPLICATE_TAG);
  }

  @Test
  void genericSealedInterfacesAreRejected() {
    WireProblem problem = only(problems("public Result<String> a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Result.Ok.class)})
        public sealed interface Result<T> permits Result.Ok { record Ok<T>(T value) implements Result<T> {} }
        """), WireMessages.UNSUPPORTED_RETURN_TYPE);
    assertThat(problem.message()).contains("generic sealed interface p.Result is not supported");
  }

  @Test
  void beansWithoutPropertiesAreRejected() {
    only(problems("public Empty a() { return null; }", "public class Empty { public void run() {} }"),
        WireMessages.EMPTY_BEAN);
  }

  @Test
  void enumsWithJsonValueAreRejected() {
    only(problems("public Level a() { return null; }",
        "public enum Level { LOW; @JsonValue public String wire() { return \"low\"; } }"),
        WireMessages.ENUM_JSON_VALUE);
  }

  @Test
  void problemsInsideARecordPointAtTheComponentOnceForEveryUse() {
    WireProblem problem = only(problems("public Box a() { return null; } public void b(Box box, List<Box> boxes) {}",
        "public record Box(Object content) {}"), WireMessages.UNSUPPORTED_PROPERTY_TYPE);
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("content");
    assertThat(problem.message()).contains("Property 'content' of p.Box has type java.lang.Object");
  }

  @Test
  void routesThatNameGeneratedFilesGetAModuleSuffix() {
    Map<String, String> sources = Map.of("p/XModule.java", "package p; public class XModule { public void a() {} }");
    Map<String, String> files = Javac.run(sources, round -> {
      TsModuleSpec module = round.modules().get(0);
      return TypeScriptClientGenerator.generate(round.shapes().declarations(), List.of(
          new TsModuleSpec("types", "XModule", "p.XModule", module.methods()),
          new TsModuleSpec("poto-client", "YModule", "p.YModule", module.methods())));
    });
    assertThat(files).containsKey("types-module.ts").containsKey("types.ts");
    assertThat(files.get("types-module.ts")).contains("this.#client.call<void>(\"types\", \"a\"");
    // Every runtime module's name is taken, not only the entry's.
    assertThat(files).containsKey("poto-client-module.ts");
    assertThat(files.get("poto-client-module.ts")).contains("this.#client.call<void>(\"poto-client\", \"a\"");
    assertThat(files.get("poto-client.ts")).contains("export class PotoClient");
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    List<WireProblem> found = problems("""
        public Object a(String in) { return null; }
        public Map<Double, String> b(Thread t) { return null; }
        """);
    assertThat(found).extracting(WireProblem::id).containsExactlyInAnyOrder(WireMessages.UNSUPPORTED_RETURN_TYPE,
        WireMessages.UNSUPPORTED_RETURN_TYPE, WireMessages.UNSUPPORTED_PARAMETER_TYPE);
  }
}
