package dev.poto.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.NameAllocator;
import com.palantir.javapoet.ParameterSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.annotation.processing.Filer;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.util.Elements;

/**
 * Writes {@code <Module>Client}: the module's signatures over a {@code PotoClient}. Event streams
 * come back as {@code Stream<T>}, binary results as {@code byte[]} or {@code InputStream}; everything
 * else mirrors the server method. Written only when {@code poto-client} is on the class path.
 */
public final class ClientWriter implements OutputWriter {
  private static final String CLIENT = "client";

  private final KnownTypes known;
  private final JavaFiles files;

  public ClientWriter(KnownTypes known, Filer filer) {
    this.known = known;
    this.files = new JavaFiles(filer);
  }

  /**
   * The Java client is written only when its library ({@code poto-client}) is on the compilation's
   * class path: a server needs only {@code poto-runtime}, which does not bring it.
   */
  public static boolean clientLibraryPresent(Elements elements) {
    return elements.getTypeElement(GeneratedNames.POTO_CLIENT.canonicalName()) != null;
  }

  @Override
  public void write(ModuleModel module) throws IOException {
    files.write(module.clientClass(), client(module));
  }

  TypeSpec client(ModuleModel module) {
    RpcMethodConstants constants = new RpcMethodConstants(known, module);
    TypeSpec.Builder client =
        JavaFiles.generatedClass(module.clientClass(), module.element())
            .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
            .addFields(constants.fields())
            .addField(GeneratedNames.POTO_CLIENT, CLIENT, Modifier.PRIVATE, Modifier.FINAL)
            .addMethod(
                MethodSpec.constructorBuilder()
                    .addModifiers(Modifier.PUBLIC)
                    .addParameter(GeneratedNames.POTO_CLIENT, CLIENT)
                    .addStatement("this.$N = $T.requireNonNull($N, $S)", CLIENT, Objects.class, CLIENT, CLIENT)
                    .build());
    for (RpcMethodModel method : module.methods()) {
      client.addMethod(method(method, constants));
    }
    return client.build();
  }

  private MethodSpec method(RpcMethodModel method, RpcMethodConstants constants) {
    // Parameter names come from the user; rename any that would shadow the field or a constant.
    NameAllocator names = new NameAllocator();
    names.newName(CLIENT, CLIENT);
    constants.allNames().stream().sorted().forEach(name -> names.newName(name, name));
    MethodSpec.Builder spec =
        MethodSpec.methodBuilder(method.name()).addModifiers(Modifier.PUBLIC).varargs(method.varArgs());
    List<CodeBlock> args = new ArrayList<>();
    args.add(CodeBlock.of("$N", constants.name(method)));
    for (ParamModel param : method.params()) {
      String name = names.newName(param.name(), param);
      spec.addParameter(ParameterSpec.builder(TypeName.get(param.type()), name).build());
      args.add(spreadsAsVarargs(method) ? CodeBlock.of("($T) $N", Object.class, name) : CodeBlock.of("$N", name));
    }
    CodeBlock call = CodeBlock.join(args, ", ");
    switch (method.resultKind()) {
      case VOID -> spec.addStatement("$N.call($L)", CLIENT, call);
      case VALUE -> spec.returns(TypeName.get(method.returnType())).addStatement("return $N.call($L)", CLIENT, call);
      case STREAM, ITERATOR, PUBLISHER ->
          spec.returns(ParameterizedTypeName.get(ClassName.get(Stream.class), TypeName.get(method.result().valueType())))
              .addStatement("return $N.stream($L)", CLIENT, call);
      case BYTES -> spec.returns(ArrayTypeName.of(TypeName.BYTE)).addStatement("return $N.bytes($L)", CLIENT, call);
      case INPUT_STREAM -> spec.returns(InputStream.class).addStatement("return $N.inputStream($L)", CLIENT, call);
    }
    return spec.build();
  }

  /**
   * A lone argument of type {@code T[]} (T a reference type) would be taken as the whole
   * {@code Object...} array instead of one argument; a cast to Object keeps it one argument.
   */
  private static boolean spreadsAsVarargs(RpcMethodModel method) {
    return method.params().size() == 1
        && method.params().getFirst().type() instanceof ArrayType array
        && !array.getComponentType().getKind().isPrimitive()
        && array.getComponentType().getKind() != TypeKind.VOID;
  }
}
