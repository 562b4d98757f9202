package dev.poto.runtime.http;

import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's answer to requests it rejects before any handler runs (a malformed request line or header,
 * a path that is not valid UTF-8, headers over the size limit), as problem+json like every other Poto
 * error instead of Jetty's HTML page. The detail is fixed per status: nothing from the rejected
 * request is echoed.
 *
 * <p>{@link dev.poto.runtime.PotoServer} owns its Jetty server and answers every such request this
 * way ({@link #everywhere()}). {@link dev.poto.runtime.PotoPlugin} lives in an application's server
 * ({@link #underPrefix}): requests whose path is under the prefix get problem+json, requests with a
 * path outside it go to the application's error handler. A request too broken to have a path (a
 * garbled request line, a URI over the limit, an unknown HTTP version) belongs to no route: it goes to
 * the application's error handler if the application set one, and gets problem+json otherwise.
 */
public final class ProblemErrorHandler extends ErrorHandler {
  /** The path Jetty gives a request it rejected before reading its URI. */
  private static final String NO_PATH = "/badMessage";

  private final String prefix;
  private final Request.Handler others;
  private final boolean othersAreJettysDefault;

  private ProblemErrorHandler(String prefix, Request.Handler others) {
    this.prefix = prefix;
    this.others = others;
    this.othersAreJettysDefault = others != null && others.getClass() == ErrorHandler.class;
  }

  /** Answers every rejected request with problem+json. */
  public static ProblemErrorHandler everywhere() {
    return new ProblemErrorHandler(null, null);
  }

  /**
   * Answers rejected requests under {@code prefix} with problem+json and passes all others to
   * {@code others} (the application's error handler; Jetty's default when null).
   */
  public static ProblemErrorHandler underPrefix(String prefix, Request.Handler others) {
    return new ProblemErrorHandler(prefix, others != null ? others : new ErrorHandler());
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    if (prefix == null || answersHere(request)) {
      return super.handle(request, response, callback);
    }
    return others.handle(request, response, callback);
  }

  private boolean answersHere(Request request) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    if (path == null || path.equals(NO_PATH)) {
      return othersAreJettysDefault;
    }
    return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
  }

  @Override
  protected void generateResponse(
      Request request, Response response, int status, String message, Throwable cause, Callback callback) {
    String requestId = RequestIds.create();
    byte[] body = ProblemResponder.encode(ProblemResponder.problem(status, code(status), detail(status), requestId));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
    response.getHeaders().put(Protocol.REQUEST_ID_HEADER, requestId);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static String code(int status) {
    return switch (status) {
      case 400 -> ProblemCodes.BAD_REQUEST;
      case 413 -> ProblemCodes.PAYLOAD_TOO_LARGE;
      case 414 -> ProblemCodes.URI_TOO_LONG;
      case 431 -> ProblemCodes.HEADERS_TOO_LARGE;
      case 500 -> ProblemCodes.INTERNAL_ERROR;
      default -> ProblemCodes.HTTP_ERROR;
    };
  }

  private static String detail(int status) {
    return switch (status) {
      case 400 -> "The HTTP request is malformed (request line, a header, or the path's encoding)";
      case 413 -> "The request is larger than the server accepts";
      case 414 -> "The request URI is longer than the server accepts";
      case 431 -> "The request headers are larger than the server accepts";
      default -> "The HTTP layer rejected the request";
    };
  }
}
