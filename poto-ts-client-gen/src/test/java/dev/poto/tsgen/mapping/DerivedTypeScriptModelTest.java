package dev.poto.tsgen.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeDecl;
import dev.poto.contract.TypeRef;
import dev.poto.tsgen.model.TsDeclaration;
import dev.poto.tsgen.model.TsScalar;
import dev.poto.tsgen.model.TsType;
import dev.poto.wire.WireDeclaration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The TypeScript model is a mechanical derivation of the one type model ({@link TypeRef}, {@link TypeDecl}):
 * every variant and every scalar kind has exactly one TS form, and nothing else is decided here.
 */
class DerivedTypeScriptModelTest {
  private static final Map<String, WireDeclaration> DECLARATIONS = Map.of(
      "a.Color", new WireDeclaration("a.Color", "Color", "a", new TypeDecl.EnumType(List.of("RED"))),
      "b.Color", new WireDeclaration("b.Color", "Color", "b", new TypeDecl.EnumType(List.of("BLUE"))),
      "a.Page", new WireDeclaration("a.Page", "Page", "a", new TypeDecl.ObjectType(List.of("T"), List.of(),
          List.of(new TypeDecl.Property("items", new TypeRef.Sequence(new TypeRef.TypeParameter("T")), false,
              TypeDecl.Access.READ_WRITE),
              new TypeDecl.Property("total", new TypeRef.Scalar(ScalarKind.LONG), false, TypeDecl.Access.OUTPUT_ONLY)))));

  /** One sample of every variant of the type model, each mapped to the TS variant it must become. */
  private static final Map<TypeRef, TsType> SAMPLES = Map.of(
      new TypeRef.Scalar(ScalarKind.INSTANT), new TsType.Scalar(ScalarKind.INSTANT),
      new TypeRef.Sequence(new TypeRef.Scalar(ScalarKind.INT)), new TsType.Array(new TsType.Scalar(ScalarKind.INT)),
      new TypeRef.Dictionary(new TypeRef.Scalar(ScalarKind.LONG), new TypeRef.Scalar(ScalarKind.LONG_EXACT)),
      new TsType.Dictionary(new TsType.Scalar(ScalarKind.LONG), new TsType.Scalar(ScalarKind.LONG_EXACT)),
      new TypeRef.Nullable(new TypeRef.Scalar(ScalarKind.DOUBLE)), new TsType.Nullable(new TsType.Scalar(ScalarKind.DOUBLE)),
      new TypeRef.Named("a.Page", List.of(new TypeRef.Named("b.Color", List.of()))),
      new TsType.Reference("Page", List.of(new TsType.Reference("b_Color", List.of()))),
      new TypeRef.TypeParameter("T"), new TsType.TypeVariable("T"));

  @Test
  void everyVariantOfTheTypeModelHasItsTypeScriptForm() {
    Set<Class<?>> sampled = SAMPLES.keySet().stream().map(Object::getClass).collect(Collectors.toSet());
    assertThat(sampled).containsExactlyInAnyOrderElementsOf(Arrays.asList(TypeRef.class.getPermittedSubclasses()));
    WireToTs mapper = new WireToTs(DECLARATIONS);
    SAMPLES.forEach((type, expected) -> assertThat(mapper.map(type)).as(type.toString()).isEqualTo(expected));
  }

  @Test
  void everyScalarKindHasATypeScriptScalarAndOnlyAnExactLongIsABigint() {
    for (ScalarKind kind : ScalarKind.values()) {
      TsScalar scalar = WireToTs.scalar(kind);
      assertThat(scalar).as(kind.name()).isNotNull();
      assertThat(scalar == TsScalar.BIGINT).as(kind.name()).isEqualTo(kind == ScalarKind.LONG_EXACT);
    }
  }

  @Test
  void declarationsKeepTheirMembersAndGetTheirTypeScriptNames() {
    Map<String, TsDeclaration> mapped = new WireToTs(DECLARATIONS).declarations();
    assertThat(mapped).containsOnlyKeys("a_Color", "b_Color", "Page");
    TsDeclaration.Interface page = (TsDeclaration.Interface) mapped.get("Page");
    assertThat(page.javaName()).isEqualTo("a.Page");
    assertThat(page.typeParameters()).containsExactly("T");
    assertThat(page.fields()).extracting(f -> f.name() + ":" + f.optional() + ":" + f.outputOnly())
        .containsExactly("items:false:false", "total:true:true");
    assertThat(((TsDeclaration.Enumeration) mapped.get("b_Color")).values()).containsExactly("BLUE");
  }
}
