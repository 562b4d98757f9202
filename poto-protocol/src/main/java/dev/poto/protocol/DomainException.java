package dev.poto.protocol;

import dev.poto.annotations.RpcError;

/**
 * The base of declared domain errors: an {@code @Rpc} method lists them in its {@code throws} clause,
 * and each subclass carries its {@code code} and HTTP status in {@link RpcError} and its typed fields
 * as the parameters of its one public constructor (each with a same-named accessor). The server answers
 * one with problem+json whose extension members are those fields; the generated Java client rethrows
 * the same class with the same fields, the TypeScript client a typed error narrowed by {@code code}.
 * Thrown by a method that does not declare it, it is a 500 like any unexpected exception.
 */
public abstract class DomainException extends RpcException {
  private static final ClassValue<Kind> KINDS = new ClassValue<>() {
    @Override
    protected Kind computeValue(Class<?> type) {
      RpcError error = type.getAnnotation(RpcError.class);
      if (error == null) {
        throw new IllegalStateException(type.getName() + " extends DomainException but is not annotated with"
            + " @RpcError(code = ..., status = ...); the processor rejects such errors at compile time");
      }
      return new Kind(error.code(), error.status());
    }
  };

  private volatile String receivedRequestId;

  protected DomainException(String message) {
    super(message, null);
  }

  protected DomainException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The server's request id, on an error a client received; null on the server. */
  @Override
  public String requestId() {
    return receivedRequestId;
  }

  /** Called by the client that decoded this error from an answer. */
  void received(String requestId) {
    this.receivedRequestId = requestId;
  }

  /** The code and status of a declared error class, from its {@link RpcError}. */
  public static Kind kindOf(Class<?> type) {
    return KINDS.get(type);
  }

  /** The wire identity of a declared error. */
  public record Kind(String code, int status) {}
}
