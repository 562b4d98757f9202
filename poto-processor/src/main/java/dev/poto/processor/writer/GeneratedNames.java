package dev.poto.processor.writer;

import com.palantir.javapoet.ClassName;

/**
 * Library types generated code refers to. Named, not linked: the processor does not depend on the
 * runtime or client libraries, the user's compilation does.
 */
final class GeneratedNames {
  private GeneratedNames() {}

  static final ClassName MODULE_DISPATCHER = ClassName.get("dev.poto.runtime.dispatch", "ModuleDispatcher");
  static final ClassName MODULE_BINDING = ClassName.get("dev.poto.runtime.dispatch", "ModuleBinding");
  static final ClassName METHOD_ACCESS = ClassName.get("dev.poto.runtime.dispatch", "MethodAccess");
  static final ClassName RPC_METHOD = ClassName.get("dev.poto.protocol", "RpcMethod");
  static final ClassName DECLARED_ERROR = ClassName.get("dev.poto.protocol", "DeclaredError");
  static final ClassName RPC_METHOD_TABLE = ClassName.get("dev.poto.protocol", "RpcMethodTable");
  static final ClassName POTO_CLIENT = ClassName.get("dev.poto.client", "PotoClient");
  static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

  /** The processor named in {@code @Generated}. */
  static final String PROCESSOR = "dev.poto.processor.PotoProcessor";
}
