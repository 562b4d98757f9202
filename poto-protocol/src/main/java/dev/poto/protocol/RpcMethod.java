package dev.poto.protocol;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Objects;

/**
 * Everything the wire needs to know about one {@code @Rpc} method, and nothing else: who may call it
 * is the server's business and lives in its dispatcher. Each module's generated descriptor class holds
 * these as constants, shared by the module's dispatcher and its Java client.
 *
 * @param module the module's route segment
 * @param name the method's name (its route segment)
 * @param index position within the module, used by the generated dispatcher's {@code switch}
 * @param resultKind how the result travels
 * @param resultType the result's declared type (for streams the element type; {@code Void} for void),
 *     resolved by each end with its own {@code ObjectMapper}
 * @param params the parameters, in declaration order
 */
public record RpcMethod(
    String module, String name, int index, ResultKind resultKind, Type resultType, List<RpcParam> params) {

  public RpcMethod {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resultKind, "resultKind");
    Objects.requireNonNull(resultType, "resultType");
    params = List.copyOf(params);
  }

  /** The form generated descriptors use: parameters last, one per line. */
  public RpcMethod(String module, String name, int index, ResultKind resultKind, Type resultType, RpcParam... params) {
    this(module, name, index, resultKind, resultType, List.of(params));
  }

  /** The path below the prefix: {@code module/method}. */
  public String path() {
    return module + "/" + name;
  }
}
