package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/** The start every read-only endpoint (generated client files, the OpenAPI document) shares. */
public final class ReadOnlyRequests {
  private ReadOnlyRequests() {}

  /**
   * Gives the request its id (the caller's, if well formed) and, for any method but GET and HEAD,
   * answers 405 with an {@code Allow} header. Returns the request id, or {@code null} when it answered.
   *
   * @param what what the endpoint serves, for the 405's detail ("the OpenAPI document")
   */
  public static String accept(Context ctx, String what) {
    String requestId = RequestIds.acceptOrCreate(SingleHeaders.valueOrNullIfRepeated(ctx, Protocol.REQUEST_ID_HEADER));
    ctx.header(Protocol.REQUEST_ID_HEADER, requestId);
    HandlerType method = ctx.method();
    if (!HandlerType.GET.equals(method) && !HandlerType.HEAD.equals(method)) {
      ctx.header("Allow", "GET, HEAD");
      ProblemResponder.send(ctx, 405, ProblemCodes.METHOD_NOT_ALLOWED,
          what + " is read with GET, not " + method.name(), requestId);
      return null;
    }
    return requestId;
  }
}
