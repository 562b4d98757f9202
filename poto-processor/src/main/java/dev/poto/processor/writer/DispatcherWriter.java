package dev.poto.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.WildcardTypeName;
import dev.poto.processor.model.Access;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import dev.poto.protocol.ResultKind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code <Module>Dispatcher}: the module's access policy ({@code access}, a {@code switch} that
 * lists only the methods that differ from the most common policy) and an {@code invoke} that casts the
 * decoded arguments and calls the method directly (a {@code switch}, no reflection), plus the nested
 * {@code Binding} the runtime finds through the service loader. The method table is the module's
 * descriptor; the route, the lookup by name and the Jackson types the runtime derives at registration.
 */
public final class DispatcherWriter implements OutputWriter {
  private static final String MODULE = "module";
  private static final String INDEX = "index";
  private static final String ARGS = "args";

  private final JavaFiles files;

  public DispatcherWriter(javax.annotation.processing.Filer filer) {
    this.files = new JavaFiles(filer);
  }

  @Override
  public void write(CompilationModel model, ModuleModel module) throws IOException {
    if (!module.kind().writesDispatcher()) {
      return; // an API interface: its implementation's compilation gets the dispatcher
    }
    files.write(module.dispatcherClass(), dispatcher(module));
  }

  TypeSpec dispatcher(ModuleModel module) {
    TypeName methodList = ParameterizedTypeName.get(ClassName.get(List.class), GeneratedNames.RPC_METHOD);
    return JavaFiles.generatedClass(module.dispatcherClass(), module.element())
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addSuperinterface(GeneratedNames.MODULE_DISPATCHER)
        .addField(module.moduleClass(), MODULE, Modifier.PRIVATE, Modifier.FINAL)
        .addMethod(
            MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(module.moduleClass(), MODULE)
                .addCode(JavaFiles.nullCheck(MODULE))
                .addStatement("this.$N = $N", MODULE, MODULE)
                .build())
        .addMethod(override("methods", methodList)
            .addStatement("return $T.$N", module.descriptorClass(), DescriptorConstants.METHODS)
            .build())
        .addMethod(access(module))
        .addMethod(invoke(module))
        .addType(binding(module))
        .build();
  }

  /** The most common access is the {@code default}; only methods that differ get a case. */
  private static MethodSpec access(ModuleModel module) {
    Map<Access, List<RpcMethodModel>> byAccess = new LinkedHashMap<>();
    for (RpcMethodModel method : module.methods()) {
      byAccess.computeIfAbsent(method.access(), a -> new ArrayList<>()).add(method);
    }
    Access common = byAccess.entrySet().stream()
        .max(Comparator.comparingInt((Map.Entry<Access, List<RpcMethodModel>> e) -> e.getValue().size()))
        .orElseThrow()
        .getKey();
    MethodSpec.Builder access = override("access", GeneratedNames.METHOD_ACCESS).addParameter(int.class, INDEX);
    if (byAccess.size() == 1) {
      return access.addStatement("return $L", policy(common)).build();
    }
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch ($N)", INDEX);
    for (Map.Entry<Access, List<RpcMethodModel>> group : byAccess.entrySet()) {
      if (group.getKey().equals(common)) {
        continue;
      }
      for (RpcMethodModel method : group.getValue()) {
        body.add("case $L: // $N\n", method.index(), method.name());
      }
      body.indent().addStatement("return $L", policy(group.getKey())).unindent();
    }
    body.add("default:\n").indent().addStatement("return $L", policy(common)).unindent().endControlFlow();
    return access.addCode(body.build()).build();
  }

  private static CodeBlock policy(Access access) {
    if (access.publicAccess()) {
      return CodeBlock.of("$T.PUBLIC", GeneratedNames.METHOD_ACCESS);
    }
    if (access.roles().isEmpty()) {
      return CodeBlock.of("$T.AUTHENTICATED", GeneratedNames.METHOD_ACCESS);
    }
    return CodeBlock.of("$T.roles($L)", GeneratedNames.METHOD_ACCESS,
        CodeBlock.join(access.roles().stream().map(role -> CodeBlock.of("$S", role)).toList(), ", "));
  }

  private static MethodSpec invoke(ModuleModel module) {
    CodeBlock.Builder body = CodeBlock.builder().beginControlFlow("switch ($N)", INDEX);
    boolean unchecked = false;
    for (RpcMethodModel method : module.methods()) {
      List<CodeBlock> args = new ArrayList<>();
      for (int i = 0; i < method.params().size(); i++) {
        ParamModel param = method.params().get(i);
        unchecked |= !KnownTypes.isPlain(param.type());
        args.add(CodeBlock.of("($T) $N[$L]", TypeName.get(param.type()), ARGS, i));
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
        .addStatement("throw new $T($N)", IndexOutOfBoundsException.class, INDEX)
        .unindent()
        .endControlFlow();
    MethodSpec.Builder invoke =
        override("invoke", ClassName.get(Object.class))
            .addParameter(int.class, INDEX)
            .addParameter(Object[].class, ARGS)
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
