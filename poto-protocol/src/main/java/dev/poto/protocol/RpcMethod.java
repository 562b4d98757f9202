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
 * @param errors the domain errors the method declares ({@code throws}), in declaration order
 */
public record RpcMethod(
    String module, String name, int index, ResultKind resultKind, Type resultType, List<RpcParam> params,
    List<DeclaredError<?>> errors) {

  public RpcMethod {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(resultKind, "resultKind");
    Objects.requireNonNull(resultType, "resultType");
    params = List.copyOf(params);
    errors = List.copyOf(errors);
  }

  public RpcMethod(String module, String name, int index, ResultKind resultKind, Type resultType, List<RpcParam> params) {
    this(module, name, index, resultKind, resultType, params, List.of());
  }

  /** The form generated descriptors use: parameters last, one per line. */
  public RpcMethod(String module, String name, int index, ResultKind resultKind, Type resultType, RpcParam... params) {
    this(module, name, index, resultKind, resultType, List.of(params), List.of());
  }

  /** This method declaring {@code declared}: generated descriptors add a method's errors this way. */
  public RpcMethod withErrors(DeclaredError<?>... declared) {
    return new RpcMethod(module, name, index, resultKind, resultType, params, List.of(declared));
  }

  /** The declaration {@code error} answers as, if the method declares its class (or a superclass of it). */
  public DeclaredError<?> declaredFor(Throwable error) {
    for (DeclaredError<?> declared : errors) {
      if (declared.type().isInstance(error)) {
        return declared;
      }
    }
    return null;
  }

  /** The declared error with this code, if any. */
  public DeclaredError<?> declaredWithCode(String code) {
    for (DeclaredError<?> declared : errors) {
      if (declared.code().equals(code)) {
        return declared;
      }
    }
    return null;
  }

  /** The path below the prefix: {@code module/method}. */
  public String path() {
    return module + "/" + name;
  }
}
