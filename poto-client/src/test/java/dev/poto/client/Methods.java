package dev.poto.client;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import java.lang.reflect.Type;

/** RpcMethod constants shaped like the processor's output, for the tests. */
final class Methods {
  private Methods() {}

  static RpcMethod method(String module, String name, Type result, ResultKind kind, RpcParam... params) {
    return new RpcMethod(module, name, 0, kind, result, params);
  }

  static RpcParam param(String name, Type type) {
    return new RpcParam(name, type, true);
  }

  static RpcParam optional(String name, Type type) {
    return new RpcParam(name, type, false);
  }

  static Type type(Class<?> type) {
    return type;
  }
}
