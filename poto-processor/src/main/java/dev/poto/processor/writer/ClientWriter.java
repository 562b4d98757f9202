package dev.poto.processor.writer;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ModuleKind;
import dev.poto.processor.model.CompilationModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.Annotations;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.annotation.processing.Filer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Modifier;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Module>Client}: the module's signatures over a {@code PotoClient}, each one line
 * calling it with the method's descriptor constant. Parameters keep the user's names, {@code @Nullable}
 * annotations and the method's Javadoc; event streams come back as {@code Stream<T>}, binary results
 * as {@code byte[]} or {@code InputStream}. Written only when {@code poto-client} is on the class path
 * and {@value #OPTION} is not {@code false}.
 */
public final class ClientWriter implements OutputWriter {
  /**
   * {@code -Apoto.javaClient=false}: no Java client even with {@code poto-client} on the class path, for a
   * build that has the library to call other servers but never calls its own modules.
   */
  public static final String OPTION = "poto.javaClient";
  private static final String CLIENT = "client";

  private final Elements elements;
  private final JavaFiles files;

  public ClientWriter(Elements elements, Filer filer) {
    this.elements = elements;
    this.files = new JavaFiles(filer);
  }

  /**
   * The Java client is written only when its library ({@code poto-client}) is on the compilation's
   * class path: a server needs only {@code poto-runtime}, which does not bring it.
   */
  public static boolean clientLibraryPresent(Elements elements) {
    return elements.getTypeElement(GeneratedNames.POTO_CLIENT.canonicalName()) != null;
  }

  /**
   * Whether the options leave the Java client on (the default).
   *
   * @throws InvalidOption when {@value #OPTION} is neither {@code true} nor {@code false}
   */
  public static boolean enabled(Map<String, String> options) {
    return InvalidOption.flag(options, OPTION, true);
  }

  @Override
  public void write(CompilationModel model, ModuleModel module) throws IOException {
    if (!module.kind().writesContract()) {
      return; // an implementation's client is generated with its API
    }
    files.write(module.clientClass(), client(module));
  }

  TypeSpec client(ModuleModel module) {
    DescriptorConstants constants = new DescriptorConstants(module);
    TypeSpec.Builder client =
        JavaFiles.generatedClass(module.clientClass(), module.element())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addJavadoc("Calls {@link $T} over a {@link $T}.\n", module.moduleClass(), GeneratedNames.POTO_CLIENT)
            .addField(GeneratedNames.POTO_CLIENT, CLIENT, Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(GeneratedNames.POTO_CLIENT, CLIENT)
                    .addCode(JavaFiles.nullCheck(CLIENT))
                    .addStatement("this.$N = $N", CLIENT, CLIENT)
                    .build());
    boolean sameSignatures = true;
    for (RpcMethodModel method : module.methods()) {
      MethodSpec spec = method(module, method, constants);
      client.addMethod(spec);
      sameSignatures &= spec.returnType().withoutAnnotations().equals(TypeName.get(method.returnType()).withoutAnnotations());
    }
    if (module.kind() == ModuleKind.API && sameSignatures) {
      // Callers can code against the API interface and be handed the client (or a fake in their tests).
      // Not when a result travels in another form (an Iterator or Publisher arrives as a Stream).
      client.addSuperinterface(module.moduleClass());
    }
    return client.build();
  }

  /**
   * {@code this.client} and the descriptor's qualified constant cannot be shadowed by a parameter, so
   * parameters keep the user's names; only a parameter named like the descriptor class itself would hide
   * it, and then the descriptor is named with its package.
   */
  private MethodSpec method(ModuleModel module, RpcMethodModel method, DescriptorConstants constants) {
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.PUBLIC).varargs(method.varArgs());
    String doc = elements.getDocComment(method.element());
    if (doc != null && !doc.isBlank()) {
      // javac keeps the space after each line's '*'; JavaPoet writes its own.
      spec.addJavadoc("$L\n", doc.stripTrailing().lines()
          .map(line -> line.startsWith(" ") ? line.substring(1) : line)
          .collect(Collectors.joining("\n")));
    }
    boolean descriptorHidden = method.params().stream()
        .anyMatch(param -> param.name().equals(module.descriptorClass().simpleName()));
    CodeBlock descriptor = descriptorHidden
        ? CodeBlock.of("$L.$N", module.descriptorClass().canonicalName(), constants.name(method))
        : CodeBlock.of("$T.$N", module.descriptorClass(), constants.name(method));
    List<CodeBlock> args = new ArrayList<>();
    for (ParamModel param : method.params()) {
      spec.addParameter(parameter(param));
      args.add(CodeBlock.of("$N", param.name()));
    }
    // The arguments go as one explicit array: javac resolves the call in its first phase, without trying
    // the varargs form, and a lone array argument cannot be mistaken for the whole argument list.
    CodeBlock call = CodeBlock.of("$L, new $T[] {$L}", descriptor, Object.class, CodeBlock.join(args, ", "));
    for (ErrorModel error : method.errors()) {
      spec.addException(error.className()); // rethrown with its fields when the server answers it
    }
    // The result type is spelled out (this.client.<Todo>call(...)): javac then has nothing to infer,
    // which makes compiling thousands of these calls markedly cheaper.
    switch (method.resultKind()) {
      case VOID -> spec.addStatement("this.$N.<$T>call($L)", CLIENT, Void.class, call);
      case VALUE -> {
        TypeName result = TypeName.get(method.returnType());
        spec.returns(result).addStatement("return this.$N.<$T>call($L)", CLIENT, result.box(), call);
      }
      case STREAM, ITERATOR, PUBLISHER -> {
        TypeName item = TypeName.get(method.result().valueType());
        spec.returns(ParameterizedTypeName.get(ClassName.get(Stream.class), item))
            .addStatement("return this.$N.<$T>stream($L)", CLIENT, item.box(), call);
      }
      case BYTES -> spec.returns(ArrayTypeName.of(TypeName.BYTE)).addStatement("return this.$N.bytes($L)", CLIENT, call);
      case INPUT_STREAM -> spec.returns(InputStream.class).addStatement("return this.$N.inputStream($L)", CLIENT, call);
    }
    return spec.build();
  }

  /**
   * The user's parameter with its {@code @Nullable} (any annotation of that simple name): where the
   * user's annotation applies to declarations it is copied there, a type-use-only one onto the type.
   */
  private static ParameterSpec parameter(ParamModel param) {
    TypeName type = TypeName.get(param.type());
    List<AnnotationSpec> onDeclaration = nullable(param.element().getAnnotationMirrors());
    if (onDeclaration.isEmpty()) {
      List<AnnotationSpec> onType = nullable(param.type().getAnnotationMirrors());
      if (!onType.isEmpty() && !type.isAnnotated()) {
        type = type.annotated(onType);
      }
    }
    return ParameterSpec.builder(type, param.name()).addAnnotations(onDeclaration).build();
  }

  private static List<AnnotationSpec> nullable(List<? extends AnnotationMirror> mirrors) {
    return mirrors.stream()
        .filter(mirror -> Annotations.hasSimpleName(mirror, "Nullable"))
        .map(AnnotationSpec::get)
        .toList();
  }
}
