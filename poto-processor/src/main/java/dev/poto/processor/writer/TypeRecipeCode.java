package dev.poto.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.poto.processor.types.KnownTypes;
import java.util.List;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Writes the expression that builds a type's Jackson {@code JavaType} from the generated class's
 * {@code TYPES} factory, once at class initialisation: {@code TYPES.constructType(Todo.class)},
 * {@code TYPES.constructCollectionType(List.class, Todo.class)}, and so on for nested generics.
 */
final class JacksonTypeCode {
  static final String TYPES = "TYPES";

  private final KnownTypes known;

  JacksonTypeCode(KnownTypes known) {
    this.known = known;
  }

  CodeBlock javaType(TypeMirror type) {
    if (type.getKind() == TypeKind.VOID) {
      return CodeBlock.of("$N.constructType($T.class)", TYPES, Void.class);
    }
    if (KnownTypes.isPlain(type)) {
      return CodeBlock.of("$N.constructType($T.class)", TYPES, classLiteralType(type));
    }
    if (type.getKind() == TypeKind.ARRAY) {
      return CodeBlock.of(
          "$N.constructArrayType($L)", TYPES, javaType(((ArrayType) type).getComponentType()));
    }
    DeclaredType declared = (DeclaredType) type;
    TypeElement raw = (TypeElement) declared.asElement();
    List<? extends TypeMirror> args = declared.getTypeArguments();
    TypeName rawName = classLiteralType(type);
    if (args.size() == 1 && raw.getQualifiedName().contentEquals("java.util.Optional")) {
      // A reference type, or Jackson treats Optional as a bean and cannot write or read it.
      return CodeBlock.of("$N.constructReferenceType($T.class, $L)", TYPES, rawName, javaType(args.getFirst()));
    }
    if (args.size() == 1 && known.isSubtypeOf(type, "java.util.Collection")) {
      return CodeBlock.of("$N.constructCollectionType($T.class, $L)", TYPES, rawName, argument(args.getFirst()));
    }
    boolean allPlain = args.stream().allMatch(KnownTypes::isPlain);
    CodeBlock joined =
        CodeBlock.join(
            args.stream().map(arg -> allPlain ? classLiteral(arg) : javaType(arg)).toList(), ", ");
    if (args.size() == 2 && raw.getTypeParameters().size() == 2 && known.isSubtypeOf(type, "java.util.Map")) {
      return CodeBlock.of("$N.constructMapType($T.class, $L)", TYPES, rawName, joined);
    }
    return CodeBlock.of("$N.constructParametricType($T.class, $L)", TYPES, rawName, joined);
  }

  /** A class literal where Jackson accepts one (plain types), else a nested JavaType expression. */
  private CodeBlock argument(TypeMirror type) {
    return KnownTypes.isPlain(type) ? classLiteral(type) : javaType(type);
  }

  private CodeBlock classLiteral(TypeMirror type) {
    return CodeBlock.of("$T.class", classLiteralType(type));
  }

  private TypeName classLiteralType(TypeMirror type) {
    return TypeName.get(known.types().erasure(type));
  }
}
