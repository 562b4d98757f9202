package dev.poto.protocol;

import java.util.Objects;

/**
 * An RPC failure with an HTTP status and a stable code. Thrown by module code, it reaches the caller
 * with its status, code and message intact; thrown by the clients, it carries the server's problem, and
 * its message names status, code, the call and the request id, e.g.
 * {@code 404 unknown_method from todo.add (request 3fa9...): No method add}; {@link #detail()} is the
 * server's text alone.
 */
public class RpcException extends RuntimeException {
  private final int status;
  private final String code;
  private final String requestId;
  /** The client call ({@code module.method}) this failure ended, set once by the client; null on the server. */
  private String call;

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

  /** The call a client raised this for, as {@code module.method} (or an auth path), else null. */
  public String call() {
    return call;
  }

  /**
   * Names the call this failure ended; the Java client does it once, as the failure leaves the call,
   * so that the message says which call failed. A later name is ignored.
   *
   * @return this exception
   */
  public RpcException inCall(String call) {
    if (this.call == null) {
      this.call = call;
    }
    return this;
  }

  /** The description alone (the problem's detail), without status, code, call or request id. */
  public String detail() {
    return super.getMessage();
  }

  /** The detail; once a client named the call, prefixed with status, code, call and request id. */
  @Override
  public String getMessage() {
    if (call == null) {
      return super.getMessage();
    }
    return status + " " + code + " from " + call + (requestId == null ? "" : " (request " + requestId + ")")
        + ": " + super.getMessage();
  }

  public static RpcException fromProblem(Problem problem) {
    String message = problem.detail() != null ? problem.detail() : problem.title();
    String code = problem.code() != null ? problem.code() : ProblemCodes.UNEXPECTED_RESPONSE;
    return new RpcException(problem.status(), code, message, problem.requestId(), null);
  }
}
