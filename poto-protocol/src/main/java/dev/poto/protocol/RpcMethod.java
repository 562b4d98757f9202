package dev.poto.protocol;

import com.fasterxml.jackson.databind.JavaType;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the wire needs to know about one {@code @Rpc} method. Generated code holds these as
 * constants, so no reflection is needed to call a method or to encode its result.
 *
 * @param module the module's route segment
 * @param name the method's name (its route segment)
 * @param index position within the module, used by the generated dispatcher's {@code switch}
 * @param params the parameters, in declaration order
 * @param resultType the result's Jackson type; for streams the element type; {@code Void} for void
 * @param resultKind how the result travels
 * @param publicAccess true when callable without a token ({@code @Public})
 * @param roles the caller needs one of these; empty means any authenticated caller
 */
public record RpcMethod(
    String module,
    String name,
    int index,
    List<RpcParam> params,
    JavaType resultType,
    ResultKind resultKind,
    boolean publicAccess,
    Set<String> roles) {

  public RpcMethod {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(name, "name");
    params = List.copyOf(params);
    Objects.requireNonNull(resultType, "resultType");
    Objects.requireNonNull(resultKind, "resultKind");
    roles = Set.copyOf(roles);
  }

  /** The path below the prefix: {@code module/method}. */
  public String path() {
    return module + "/" + name;
  }
}
