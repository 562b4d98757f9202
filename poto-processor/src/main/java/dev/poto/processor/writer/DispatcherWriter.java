package dev.poto.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.ResultKind;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Module>Dispatcher}: the module's method descriptors, a name lookup and an
 * {@code invoke} that casts the decoded arguments and calls the method directly (a {@code switch},
 * no reflection), plus the nested {@code Binding} the runtime finds through the service loader.
 */
public final class DispatcherWriter implements OutputWriter {
  private static final String MODULE = "module";

  private final KnownTypes known;
  private final JavaFiles files;

  public DispatcherWriter(KnownTypes known, javax.annotation.processing.Filer filer) {
    this.known = known;
    this.files = new JavaFiles(filer);
  }

  @Override
  public void write(ModuleModel module) throws IOException {
    files.write(module.dispatcherClass(), dispatcher(module));
  }

  TypeSpec dispatcher(ModuleModel module) {
    RpcMethodConstants constants = new RpcMethodConstants(known, module);
    TypeName methodList = ParameterizedTypeName.get(ClassName.get(List.class), GeneratedNames.RPC_METHOD);
    return JavaFiles.generatedClass(module.dispatcherClass(), module.element())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GeneratedNames.MODULE_DISPATCHER)
        .addFields(constants.fields())
        .addField(
            FieldSpec.builder(methodList, RpcMethodConstants.METHODS, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
                .initializer("$T.of($L)", List.class, CodeBlock.join(
                    module.methods().stream().map(m -> CodeBlock.of("$N", constants.name(m))).toList(), ", "))
                .build())
        .addField(module.moduleClass(), MODULE, Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(module.moduleClass(), MODULE)
                .addStatement("this.$N = $T.requireNonNull($N, $S)", MODULE, Objects.class, MODULE, MODULE)
                .build())
        .addMethod(
            override("route", ClassName.get(String.class)).addStatement("return $S", module.route()).build())
        .addMethod(
            override("methods", methodList).addStatement("return $N", RpcMethodConstants.METHODS).build())
        .addMethod(lookup(module, constants))
        .addMethod(invoke(module))
        .addType(binding(module))
        .build();
  }

  private static MethodSpec lookup(ModuleModel module, RpcMethodConstants constants) {
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (name)");
    for (RpcMethodModel method : module.methods()) {
      body.add("case $S:\n", method.name()).indent().addStatement("return $N", constants.name(method)).unindent();
    }
    body.add("default:\n").indent().addStatement("return null").unindent().endControlFlow();
    return override("method", GeneratedNames.RPC_METHOD)
        .addParameter(String.class, "name")
        .addCode(body.build())
        .build();
  }

  private static MethodSpec invoke(ModuleModel module) {
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch (method.index())");
    boolean unchecked = false;
    for (RpcMethodModel method : module.methods()) {
      List<CodeBlock> args = new ArrayList<>();
      for (int i = 0; i < method.params().size(); i++) {
        ParamModel param = method.params().get(i);
        unchecked |= !KnownTypes.isPlain(param.type());
        args.add(CodeBlock.of("($T) args[$L]", TypeName.get(param.type()), i));
      }
      CodeBlock call = CodeBlock.of("$N.$N($L)", MODULE, method.name(), CodeBlock.join(args, ", "));
      body.add("case $L:\n", method.index()).indent();
      if (method.resultKind() == ResultKind.VOID) {
        body.addStatement("$L", call).addStatement("return null");
      } else {
        body.addStatement("return $L", call);
      }
      body.unindent();
    }
    body.add("default:\n")
        .indent()
        .addStatement(
            "throw new $T($S + method.index())",
            IllegalArgumentException.class,
            "No @Rpc method of module " + module.route() + " has index ")
        .unindent()
        .endControlFlow();
    MethodSpec.Builder invoke =
        override("invoke", ClassName.get(Object.class))
            .addParameter(GeneratedNames.RPC_METHOD, "method")
            .addParameter(Object[].class, "args")
            .addException(Exception.class)
            .addCode(body.build());
    if (unchecked) {
      invoke.addAnnotation(
          AnnotationSpec.builder(SuppressWarnings.class).addMember("value", "$S", "unchecked").build());
    }
    return invoke.build();
  }

  private static TypeSpec binding(ModuleModel module) {
    TypeName anyClass =
        ParameterizedTypeName.get(ClassName.get(Class.class), WildcardTypeName.subtypeOf(Object.class));
    return TypeSpec.classBuilder("Binding")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addSuperinterface(GeneratedNames.MODULE_BINDING)
        .addMethod(override("moduleType", anyClass).addStatement("return $T.class", module.moduleClass()).build())
        .addMethod(
            override("bind", GeneratedNames.MODULE_DISPATCHER)
                .addParameter(Object.class, MODULE)
                .addStatement("return new $T(($T) $N)", module.dispatcherClass(), module.moduleClass(), MODULE)
                .build())
        .build();
  }

  private static MethodSpec.Builder override(String name, TypeName returns) {
    return MethodSpec.methodBuilder(name)
        .addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC)
        .returns(returns);
  }
}
