package dev.poto.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.NameAllocator;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import dev.poto.processor.types.KnownTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.lang.model.element.Modifier;

/**
 * The {@code TYPES} factory and one {@code RpcMethod} constant per method, declared identically in
 * the dispatcher and the client (the client must not depend on the runtime). Constant names are the
 * method names in UPPER_SNAKE case, made unique ({@code getUser} and {@code get_user} cannot share one).
 */
final class RpcMethodConstants {
  static final String METHODS = "METHODS";

  private final JacksonTypeCode typeCode;
  private final ModuleModel module;
  private final Map<RpcMethodModel, String> names = new LinkedHashMap<>();

  RpcMethodConstants(KnownTypes known, ModuleModel module) {
    this.typeCode = new JacksonTypeCode(known);
    this.module = module;
    NameAllocator allocator = new NameAllocator();
    allocator.newName(JacksonTypeCode.TYPES, JacksonTypeCode.TYPES);
    allocator.newName(METHODS, METHODS);
    for (RpcMethodModel method : module.methods()) {
      names.put(method, allocator.newName(upperSnake(method.name()), method));
    }
  }

  String name(RpcMethodModel method) {
    return names.get(method);
  }

  /** Every constant name in use, for allocators of names that must not shadow them. */
  Set<String> allNames() {
    return Set.copyOf(
        Stream.concat(Stream.of(JacksonTypeCode.TYPES, METHODS), names.values().stream()).toList());
  }

  /** {@code TYPES} first: the method constants below are initialised from it. */
  List<FieldSpec> fields() {
    List<FieldSpec> fields = new ArrayList<>();
    fields.add(
        FieldSpec.builder(GeneratedNames.TYPE_FACTORY, JacksonTypeCode.TYPES, Modifier.PRIVATE, Modifier.STATIC, Modifier.FINAL)
            .initializer("$T.defaultInstance()", GeneratedNames.TYPE_FACTORY)
            .build());
    for (RpcMethodModel method : module.methods()) {
      fields.add(
          FieldSpec.builder(GeneratedNames.RPC_METHOD, name(method), Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
              .initializer(descriptor(method))
              .build());
    }
    return fields;
  }

  private CodeBlock descriptor(RpcMethodModel method) {
    return CodeBlock.builder()
        .add("new $T($S, $S, $L,\n", GeneratedNames.RPC_METHOD, module.route(), method.name(), method.index())
        .indent()
        .indent()
        .add("$L,\n", params(method))
        .add("$L, $T.$L, $L, $L)",
            typeCode.javaType(method.result().valueType()),
            GeneratedNames.RESULT_KIND,
            method.resultKind().name(),
            method.access().publicAccess(),
            roles(method))
        .unindent()
        .unindent()
        .build();
  }

  private CodeBlock params(RpcMethodModel method) {
    List<CodeBlock> params = new ArrayList<>();
    for (ParamModel param : method.params()) {
      params.add(
          CodeBlock.of(
              "new $T($S, $L, $L)",
              GeneratedNames.RPC_PARAM,
              param.name(),
              typeCode.javaType(param.type()),
              param.required()));
    }
    if (params.isEmpty()) {
      return CodeBlock.of("$T.of()", List.class);
    }
    // One parameter per line: descriptors of wide methods stay readable.
    return CodeBlock.builder()
        .add("$T.of(\n", List.class)
        .indent()
        .indent()
        .add(CodeBlock.join(params, ",\n"))
        .add(")")
        .unindent()
        .unindent()
        .build();
  }

  private static CodeBlock roles(RpcMethodModel method) {
    List<CodeBlock> roles = method.access().roles().stream().map(role -> CodeBlock.of("$S", role)).toList();
    return CodeBlock.of("$T.of($L)", Set.class, CodeBlock.join(roles, ", "));
  }

  /** {@code listOpenItems} → {@code LIST_OPEN_ITEMS}. */
  static String upperSnake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1)) && camel.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
