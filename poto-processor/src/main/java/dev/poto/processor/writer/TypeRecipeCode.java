package dev.poto.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.poto.processor.types.Annotations;
import dev.poto.processor.types.KnownTypes;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes a declared type as the cheapest expression that names it exactly: a class literal for a plain
 * type ({@code Todo.class}, {@code long[].class}), {@code generic(List.class, Todo.class)} for a
 * parameterized one and {@code arrayOf(...)} for an array of one. An element, map value or array
 * component marked {@code @Nullable} in the source is wrapped in {@code GenericTypes.nullable(...)}, which
 * both ends' check for null elements reads. Each end resolves these once with its own
 * {@code ObjectMapper}, so the application's Jackson modules and type modifiers apply.
 */
final class TypeRecipeCode {
  static final String GENERIC = "generic";
  static final String ARRAY_OF = "arrayOf";

  private final KnownTypes known;

  TypeRecipeCode(KnownTypes known) {
    this.known = known;
  }

  CodeBlock recipe(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID) {
      return CodeBlock.of("$T.class", Void.class);
    }
    if (KnownTypes.isPlain(type) && !hasNullableComponent(type)) {
      return CodeBlock.of("$T.class", TypeName.get(known.types().erasure(type)));
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return CodeBlock.of("$N($L)", ARRAY_OF, element(((ArrayType) type).getComponentType()));
    }
    DeclaredType declared = (DeclaredType) type;
    CodeBlock.Builder code = CodeBlock.builder()
        .add("$N($T.class", GENERIC, TypeName.get(known.types().erasure(type)));
    for (TypeMirror argument : declared.getTypeArguments()) {
      code.add(", $L", element(argument));
    }
    return code.add(")").build();
  }

  /** A type argument or array component: its recipe, marked when the source allows it to be null. */
  private CodeBlock element(TypeMirror type) {
    CodeBlock recipe = recipe(type);
    return isNullable(type) ? CodeBlock.of("$T.nullable($L)", GeneratedNames.GENERIC_TYPES, recipe) : recipe;
  }

  private static boolean hasNullableComponent(TypeMirror type) {
    return type.getKind() == TypeKind.ARRAY
        && (isNullable(((ArrayType) type).getComponentType()) || hasNullableComponent(((ArrayType) type).getComponentType()));
  }

  private static boolean isNullable(TypeMirror type) {
    return type.getAnnotationMirrors().stream().anyMatch(mirror -> Annotations.hasSimpleName(mirror, "Nullable"));
  }
}
