package dev.poto.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.util.List;
import java.util.Set;

/** RpcMethod constants shaped like the processor's output, for the tests. */
final class Methods {
  private Methods() {}

  static final TypeFactory TYPES = TypeFactory.defaultInstance();

  static RpcMethod method(String module, String name, JavaType result, ResultKind kind, RpcParam... params) {
    return new RpcMethod(module, name, 0, List.of(params), result, kind, false, Set.of());
  }

  static RpcParam param(String name, Class<?> type) {
    return new RpcParam(name, TYPES.constructType(type), true);
  }

  static RpcParam optional(String name, Class<?> type) {
    return new RpcParam(name, TYPES.constructType(type), false);
  }

  static JavaType type(Class<?> type) {
    return TYPES.constructType(type);
  }
}
