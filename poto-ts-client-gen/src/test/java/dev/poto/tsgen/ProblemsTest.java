package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Java shape with no faithful TS form is a problem with a stable id, on the right element, with a fix. */
class ProblemsTest {

  /** Compiles one module {@code p.XModule} plus extra sources in package p, returns the problems. */
  private static List<TsProblem> problems(String moduleBody, String... otherTypes) {
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
    TsGenerationResult result = Javac.generate(sources);
    assertThat(result.files()).as("no files when there are problems").isEmpty();
    return result.problems();
  }

  private static TsProblem only(List<TsProblem> problems, String id) {
    assertThat(problems).extracting(TsProblem::id).containsExactly(id);
    TsProblem problem = problems.get(0);
    assertThat(problem.message()).startsWith(id + " ");
    assertThat(problem.element()).isNotNull();
    return problem;
  }

  @Test
  void twoTypesWithTheSameSimpleNameClash() {
    Map<String, String> sources = new LinkedHashMap<>();
    sources.put("a/Item.java", "package a; public record Item(String name) {}");
    sources.put("b/Item.java", "package b; public record Item(int count) {}");
    sources.put("p/XModule.java", "package p; public class XModule { public a.Item one(b.Item other) { return null; } }");
    TsProblem problem = only(Javac.generate(sources).problems(), TsMessages.NAME_CLASH);
    assertThat(problem.message()).isEqualTo(TsMessages.nameClash("Item", "b.Item", "a.Item", "result of XModule.one"));
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("one");
  }

  @Test
  void reservedWordsCannotNameParameters() {
    TsProblem problem = only(problems("public void remove(String delete) {}"), TsMessages.RESERVED_NAME);
    assertThat(problem.message()).isEqualTo(
        TsMessages.reservedParameterName("delete", "parameter `delete` of XModule.remove"));
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("delete");
    assertThat(problem.message()).contains("Rename the Java parameter");
  }

  @Test
  void aMethodNamedConstructorIsReserved() {
    only(problems("public void constructor() {}"), TsMessages.RESERVED_NAME);
  }

  @Test
  void typesNamedLikeTypeScriptBuiltInsAreRejected() {
    TsProblem problem = only(problems("public Date now() { return null; }", "public record Date(String iso) {}"),
        TsMessages.RESERVED_TYPE_NAME);
    assertThat(problem.message()).isEqualTo(TsMessages.reservedTypeName("Date", "p.Date", "result of XModule.now"));
  }

  @Test
  void objectHasNoTypeScriptForm() {
    TsProblem problem = only(problems("public Object any() { return null; }"), TsMessages.UNSUPPORTED_TYPE);
    assertThat(problem.message()).isEqualTo(TsMessages.unsupportedType("java.lang.Object", "result of XModule.any"));
  }

  @Test
  void threadsFunctionsAndOtherJdkTypesHaveNoTypeScriptForm() {
    List<TsProblem> found = problems("""
        public void a(Thread t) {}
        public void b(java.util.function.Function<String, String> f) {}
        public void c(java.util.stream.Stream<String> s) {}
        public void d(Iterable<String> i) {}
        """);
    assertThat(found).extracting(TsProblem::id).containsOnly(TsMessages.UNSUPPORTED_TYPE).hasSize(4);
  }

  @Test
  void plainInterfacesAndAbstractClassesAreRejected() {
    assertThat(problems("public void a(Runnable r) {}")).extracting(TsProblem::id)
        .containsExactly(TsMessages.UNSUPPORTED_TYPE);
    TsProblem face = only(problems("public void a(Named n) {}", "public interface Named { String name(); }"),
        TsMessages.UNSUPPORTED_TYPE);
    assertThat(face.message()).isEqualTo(TsMessages.unsupportedInterface("p.Named", "parameter `n` of XModule.a"));
    TsProblem base = only(problems("public void a(Base b) {}", "public abstract class Base { public String getX() { return null; } }"),
        TsMessages.UNSUPPORTED_TYPE);
    assertThat(base.message()).isEqualTo(TsMessages.abstractClass("p.Base", "parameter `b` of XModule.a"));
  }

  @Test
  void rawTypesAreRejected() {
    @SuppressWarnings("unused") TsProblem problem =
        only(problems("@SuppressWarnings(\"rawtypes\") public void a(List items) {}"), TsMessages.RAW_TYPE);
    assertThat(problem.message()).isEqualTo(TsMessages.rawType("java.util.List", "parameter `items` of XModule.a"));
  }

  @Test
  void wildcardsAreRejected() {
    TsProblem problem = only(problems("public void a(List<? extends Number> items) {}"), TsMessages.WILDCARD);
    assertThat(problem.message()).contains("? extends java.lang.Number").contains("List<Item> instead of");
  }

  @Test
  void methodTypeVariablesAreRejected() {
    assertThat(problems("public <T> T a(T value) { return value; }")).extracting(TsProblem::id)
        .containsExactly(TsMessages.TYPE_VARIABLE, TsMessages.TYPE_VARIABLE); // the parameter and the result
  }

  @Test
  void mapKeysMustBeStringsOrEnums() {
    TsProblem problem = only(problems("public Map<Integer, String> a() { return null; }"), TsMessages.MAP_KEY);
    assertThat(problem.message()).isEqualTo(TsMessages.mapKey("java.lang.Integer", "result of XModule.a"));
  }

  @Test
  void sealedInterfacesNeedJacksonTypeInfo() {
    TsProblem problem = only(problems("public Shape a() { return null; }",
        "public sealed interface Shape permits Shape.Dot { record Dot(int x) implements Shape {} }"),
        TsMessages.SEALED_TYPE_INFO);
    assertThat(problem.message()).contains("@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = \"type\")")
        .contains("@JsonSubTypes");
  }

  @Test
  void sealedTypeInfoMustUseNamesInAProperty() {
    only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot { record Dot(int x) implements Shape {} }
        """), TsMessages.SEALED_TYPE_INFO);
  }

  @Test
  void subTypesMustMatchThePermitsClause() {
    TsProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot, Shape.Line {
          record Dot(int x) implements Shape {}
          record Line(int length) implements Shape {}
        }
        """), TsMessages.SEALED_SUBTYPES);
    assertThat(problem.message()).contains("missing: p.Shape.Line");
  }

  @Test
  void variantsMustBeRecordsOrFinalClasses() {
    TsProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Round.class)})
        public sealed interface Shape permits Shape.Round {
          non-sealed class Round implements Shape { public int getR() { return 1; } }
        }
        """), TsMessages.SEALED_VARIANT);
    assertThat(problem.message()).contains("p.Shape.Round");
  }

  @Test
  void aVariantPropertyMayNotShadowTheTypeProperty() {
    TsProblem problem = only(problems("public Shape a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Shape.Dot.class)})
        public sealed interface Shape permits Shape.Dot { record Dot(String type) implements Shape {} }
        """), TsMessages.DISCRIMINATOR_CLASH);
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
        """), TsMessages.DUPLICATE_TAG);
  }

  @Test
  void genericSealedInterfacesAreRejected() {
    TsProblem problem = only(problems("public Result<String> a() { return null; }", """
        @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
        @JsonSubTypes({@JsonSubTypes.Type(Result.Ok.class)})
        public sealed interface Result<T> permits Result.Ok { record Ok<T>(T value) implements Result<T> {} }
        """), TsMessages.UNSUPPORTED_TYPE);
    assertThat(problem.message()).isEqualTo(TsMessages.genericSealed("p.Result", "result of XModule.a"));
  }

  @Test
  void beansWithoutGettersAreRejected() {
    only(problems("public Empty a() { return null; }", "public class Empty { public void run() {} }"),
        TsMessages.EMPTY_BEAN);
  }

  @Test
  void enumsWithJsonValueAreRejected() {
    only(problems("public Level a() { return null; }",
        "public enum Level { LOW; @JsonValue public String wire() { return \"low\"; } }"),
        TsMessages.ENUM_JSON_VALUE);
  }

  @Test
  void problemsInsideARecordPointAtTheComponent() {
    TsProblem problem = only(problems("public Box a() { return null; }", "public record Box(Object content) {}"),
        TsMessages.UNSUPPORTED_TYPE);
    assertThat(problem.element().getSimpleName().toString()).isEqualTo("content");
    assertThat(problem.message()).contains("property `content` of p.Box");
  }

  @Test
  void routesMustBeUsableFileNames() {
    Map<String, String> sources = Map.of("p/XModule.java", "package p; public class XModule { public void a() {} }");
    List<TsProblem> found = Javac.run(sources, round -> {
      TsModuleSpec module = round.modules().get(0);
      return TypeScriptClientGenerator.generate(round.processingEnv(), List.of(
          new TsModuleSpec("x/../y", "XModule", module.element(), module.methods()),
          new TsModuleSpec("types", "XModule", module.element(), module.methods()),
          new TsModuleSpec("ok", "XModule", module.element(), module.methods()),
          new TsModuleSpec("ok", "YModule", module.element(), module.methods()))).problems();
    });
    assertThat(found).extracting(TsProblem::id)
        .containsExactly(TsMessages.INVALID_ROUTE, TsMessages.INVALID_ROUTE, TsMessages.DUPLICATE_ROUTE);
  }

  @Test
  void allProblemsAreReportedAtOnce() {
    List<TsProblem> found = problems("""
        public Object a(String in) { return null; }
        public Map<Long, String> b() { return null; }
        """);
    assertThat(found).extracting(TsProblem::id)
        .containsExactlyInAnyOrder(TsMessages.RESERVED_NAME, TsMessages.UNSUPPORTED_TYPE, TsMessages.MAP_KEY);
  }
}
