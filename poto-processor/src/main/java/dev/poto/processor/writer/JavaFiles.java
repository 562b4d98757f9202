package dev.poto.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import java.io.IOException;
import java.io.Writer;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Element;
import javax.tools.JavaFileObject;

/**
 * The one place generated classes get their {@code @Generated} marker and originating element, and
 * are written. No timestamp goes into {@code @Generated}, so output is byte-for-byte reproducible.
 */
final class JavaFiles {
  private final Filer filer;

  JavaFiles(Filer filer) {
    this.filer = filer;
  }

  /** A public final class builder, marked generated and tied to {@code origin}. */
  static TypeSpec.Builder generatedClass(ClassName name, Element origin) {
    return TypeSpec.classBuilder(name)
        .addAnnotation(
            AnnotationSpec.builder(GeneratedNames.GENERATED)
                .addMember("value", "$S", GeneratedNames.PROCESSOR)
                .build())
        .addOriginatingElement(origin);
  }

  /**
   * {@code if (name == null) throw new NullPointerException("name");}: the same as
   * {@code Objects.requireNonNull(name, "name")} for the caller, but a generic call javac would have to
   * infer in every generated class.
   */
  static CodeBlock nullCheck(String parameter) {
    return CodeBlock.builder()
        .beginControlFlow("if ($N == null)", parameter)
        .addStatement("throw new $T($S)", NullPointerException.class, parameter)
        .endControlFlow()
        .build();
  }

  /**
   * Writes {@code type}; {@code staticImports} are members of {@code from} the code names unqualified.
   * The file is rendered into a string and handed to the {@link Filer}'s writer in one piece: JavaPoet
   * writing it to that writer directly would go through the charset encoder character by character.
   */
  void write(ClassName name, TypeSpec type, ClassName from, String... staticImports) throws IOException {
    JavaFile.Builder file = JavaFile.builder(name.packageName(), type).skipJavaLangImports(true);
    if (staticImports.length > 0) {
      file.addStaticImport(from, staticImports);
    }
    String text = file.build().toString();
    JavaFileObject source = filer.createSourceFile(name.canonicalName(), type.originatingElements().toArray(Element[]::new));
    try (Writer out = source.openWriter()) {
      out.write(text);
    }
  }

  void write(ClassName name, TypeSpec type) throws IOException {
    write(name, type, null);
  }
}
