package dev.poto.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Module>Descriptor}: {@code METHODS}, the module's method table (one line per declared
 * error and per method; see {@link MethodTableText}) decoded once by the runtime's {@code RpcMethodTable},
 * and one named constant per method for the Java client. The module's dispatcher and Java client both use
 * it, so it exists once; it holds nothing about who may call a method, which is the dispatcher's business.
 */
public final class DescriptorWriter implements OutputWriter {
  private final Elements elements;
  private final JavaFiles files;

  public DescriptorWriter(Elements elements, Filer filer) {
    this.elements = elements;
    this.files = new JavaFiles(filer);
  }

  @Override
  public void write(CompilationModel model, ModuleModel module) throws IOException {
    if (!module.kind().writesContract()) {
      return; // an implementation dispatches by its API's descriptor, which the API artifact holds
    }
    files.write(module.descriptorClass(), descriptor(module));
  }

  TypeSpec descriptor(ModuleModel module) {
    DescriptorConstants constants = new DescriptorConstants(module);
    List<ErrorModel> errors = List.copyOf(constants.errors());
    FieldSpec.Builder methods = FieldSpec.builder(
            ParameterizedTypeName.get(ClassName.get(List.class), GeneratedNames.RPC_METHOD),
            DescriptorConstants.METHODS, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("Every method in declaration order, {@code METHODS.get(i).index() == i}: the table's"
            + " method lines,\nread once by {@link $T}.\n", GeneratedNames.RPC_METHOD_TABLE)
        .initializer(table(module, errors, new MethodTableText(module, errors, elements)));
    if (errors.stream().anyMatch(error -> error.fields().stream().anyMatch(f -> !KnownTypes.isPlain(f.type())))) {
      methods.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    TypeSpec.Builder type = JavaFiles.generatedClass(module.descriptorClass(), module.element())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("The wire descriptor of {@link $T}, shared by its dispatcher and its Java client.\n",
            module.moduleClass())
        .addField(methods.build());
    for (RpcMethodModel method : module.methods()) {
      type.addField(
          FieldSpec.builder(GeneratedNames.RPC_METHOD, constants.name(method), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .initializer("$N.get($L)", DescriptorConstants.METHODS, method.index())
              .build());
    }
    return type.addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build()).build();
  }

  /**
   * {@code RpcMethodTable.decode("todo", """ ...lines... """, Todo.class, String.class)}, with the
   * declared errors' code between the table and the classes when the module has any.
   */
  private static CodeBlock table(ModuleModel module, List<ErrorModel> errors, MethodTableText table) {
    CodeBlock.Builder code = CodeBlock.builder()
        .indent()
        .indent()
        .add("$T.decode($S, \"\"\"\n$L\n\"\"\"", GeneratedNames.RPC_METHOD_TABLE, module.route(),
            String.join("\n", table.lines()));
    if (!errors.isEmpty()) {
      code.add(",\n$T.of($L)", List.class,
          CodeBlock.join(errors.stream().map(DescriptorWriter::error).toList(), ",\n"));
    }
    if (!table.classes().isEmpty()) {
      code.add(",\n$L", CodeBlock.join(
          table.classes().stream().map(name -> CodeBlock.of("$T.class", name)).toList(), ",$W"));
    }
    return code.add(")").unindent().unindent().build();
  }

  /**
   * {@code DeclaredError.of(NoteNotFound.class, e -> new Object[] {e.noteId()}, v -> new NoteNotFound((long) v[0]))}:
   * how the server reads the fields and how the Java client rebuilds the error; the table's {@code ERROR}
   * line gives the fields' names and types.
   */
  private static CodeBlock error(ErrorModel error) {
    List<CodeBlock> reads = new ArrayList<>();
    List<CodeBlock> casts = new ArrayList<>();
    for (int i = 0; i < error.fields().size(); i++) {
      ErrorModel.Field field = error.fields().get(i);
      reads.add(CodeBlock.of("e.$N()", field.name()));
      casts.add(CodeBlock.of("($T) v[$L]", TypeName.get(field.type()), i));
    }
    return CodeBlock.of("$T.of($T.class, e -> new $T[] {$L}, v -> new $T($L))", GeneratedNames.DECLARED_ERROR,
        error.className(), Object.class, CodeBlock.join(reads, ", "), error.className(), CodeBlock.join(casts, ", "));
  }
}
