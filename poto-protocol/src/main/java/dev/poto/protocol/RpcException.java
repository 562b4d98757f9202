package dev.poto.protocol;

import java.util.Objects;

/**
 * An RPC failure with an HTTP status and a stable code. Thrown by module code, it reaches the caller
 * with its status, code and message intact; thrown by the clients, it carries the server's problem.
 */
public class RpcException extends RuntimeException {
  private final int status;
  private final String code;
  private final String requestId;

  public RpcException(int status, String code, String message) {
    this(status, code, message, null, null);
  }

  public RpcException(int status, String code, String message, String requestId, Throwable cause) {
    super(message, cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be a 4xx or 5xx code, was " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.requestId = requestId;
  }

  /**
   * For {@link DomainException}: status and code come from the class's {@code @RpcError}, read once per
   * class (the object's class is known here, after {@code super}).
   */
  RpcException(String message, Throwable cause) {
    super(message, cause);
    DomainException.Kind kind = DomainException.kindOf(getClass());
    this.status = kind.status();
    this.code = kind.code();
    this.requestId = null;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The server's request id when the server answered with one, else null. */
  public String requestId() {
    return requestId;
  }

  public static RpcException fromProblem(Problem problem) {
    String message = problem.detail() != null ? problem.detail() : problem.title();
    String code = problem.code() != null ? problem.code() : "http_" + problem.status();
    return new RpcException(problem.status(), code, message, problem.requestId(), null);
  }
}
