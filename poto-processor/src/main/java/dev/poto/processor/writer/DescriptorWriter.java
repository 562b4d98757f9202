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
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Module>Descriptor}: one {@code RpcMethod} constant per method (route, name, index,
 * result kind, declared types as cheap recipes, parameters) and {@code METHODS}, the table in
 * declaration order. The module's dispatcher and Java client both use it, so it exists once; it holds
 * nothing about who may call a method, which is the dispatcher's business.
 */
public final class DescriptorWriter implements OutputWriter {
  private final TypeRecipeCode recipes;
  private final JavaFiles files;

  public DescriptorWriter(KnownTypes known, Filer filer) {
    this.recipes = new TypeRecipeCode(known);
    this.files = new JavaFiles(filer);
  }

  @Override
  public void write(ModuleModel module) throws IOException {
    if (!module.kind().writesContract()) {
      return; // an implementation dispatches by its API's descriptor, which the API artifact holds
    }
    files.write(module.descriptorClass(), descriptor(module),
        GeneratedNames.GENERIC_TYPES, TypeRecipeCode.GENERIC, TypeRecipeCode.ARRAY_OF);
  }

  TypeSpec descriptor(ModuleModel module) {
    DescriptorConstants constants = new DescriptorConstants(module);
    TypeSpec.Builder type = JavaFiles.generatedClass(module.descriptorClass(), module.element())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("The wire descriptor of {@link $T}, shared by its dispatcher and its Java client.\n",
            module.moduleClass());
    for (ErrorModel error : constants.errors()) {
      type.addField(error(error, constants));
    }
    for (RpcMethodModel method : module.methods()) {
      type.addField(
          FieldSpec.builder(GeneratedNames.RPC_METHOD, constants.name(method), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .initializer(method(module, method, constants))
              .build());
    }
    CodeBlock all = CodeBlock.join(
        module.methods().stream().map(m -> CodeBlock.of("$N", constants.name(m))).toList(), ", ");
    return type
        .addField(
            FieldSpec.builder(ParameterizedTypeName.get(ClassName.get(List.class), GeneratedNames.RPC_METHOD),
                    DescriptorConstants.METHODS, Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
                .addJavadoc("Every method in declaration order: {@code METHODS.get(i).index() == i}.\n")
                .initializer("$T.of($L)", List.class, all)
                .build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .build();
  }

  /** {@code new RpcMethod("todo", "add", 0, ResultKind.VALUE, Todo.class,} then one parameter per line. */
  private CodeBlock method(ModuleModel module, RpcMethodModel method, DescriptorConstants constants) {
    CodeBlock.Builder code = CodeBlock.builder()
        .add("new $T($S, $S, $L, $T.$L, $L", GeneratedNames.RPC_METHOD, module.route(), method.name(),
            method.index(), GeneratedNames.RESULT_KIND, method.resultKind().name(),
            recipes.recipe(method.result().valueType()))
        .indent()
        .indent();
    for (ParamModel param : method.params()) {
      code.add(",\n$L", CodeBlock.of("new $T($S, $L, $L)",
          GeneratedNames.RPC_PARAM, param.name(), recipes.recipe(param.type()), param.required()));
    }
    code.add(")");
    if (!method.errors().isEmpty()) {
      code.add("\n.withErrors($L)", CodeBlock.join(
          method.errors().stream().map(e -> CodeBlock.of("$N", constants.name(e))).toList(), ", "));
    }
    return code.unindent().unindent().build();
  }

  /**
   * {@code DeclaredError.of(NoteNotFound.class, e -> new Object[] {e.noteId()}, v -> new NoteNotFound((long) v[0]),}
   * then one field per line: how the server reads the fields and how the Java client rebuilds the error.
   */
  private FieldSpec error(ErrorModel error, DescriptorConstants constants) {
    List<CodeBlock> reads = new ArrayList<>();
    List<CodeBlock> casts = new ArrayList<>();
    boolean unchecked = false;
    for (int i = 0; i < error.fields().size(); i++) {
      ErrorModel.Field field = error.fields().get(i);
      reads.add(CodeBlock.of("e.$N()", field.name()));
      casts.add(CodeBlock.of("($T) v[$L]", TypeName.get(field.type()), i));
      unchecked |= !KnownTypes.isPlain(field.type());
    }
    CodeBlock.Builder init = CodeBlock.builder()
        .add("$T.of($T.class,\n", GeneratedNames.DECLARED_ERROR, error.className())
        .indent().indent()
        .add("e -> new $T[] {$L},\n", Object.class, CodeBlock.join(reads, ", "))
        .add("v -> new $T($L)", error.className(), CodeBlock.join(casts, ", "));
    for (ErrorModel.Field field : error.fields()) {
      init.add(",\n$L", CodeBlock.of("new $T($S, $L, $L)",
          GeneratedNames.RPC_PARAM, field.name(), recipes.recipe(field.type()), field.required()));
    }
    init.add(")").unindent().unindent();
    FieldSpec.Builder spec = FieldSpec.builder(
            ParameterizedTypeName.get(GeneratedNames.DECLARED_ERROR, error.className()), constants.name(error),
            Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .initializer(init.build());
    if (unchecked) {
      spec.addAnnotation(AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    return spec.build();
  }
}
