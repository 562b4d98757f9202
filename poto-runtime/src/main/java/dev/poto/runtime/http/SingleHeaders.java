package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import io.javalin.http.Context;
import java.util.Enumeration;
import java.util.List;

/**
 * The protocol's request headers hold one value each (docs/PROTOCOL.md §2). One sent twice is refused
 * as a bad value of that header, never read as its first value: a proxy or a log in front of the server
 * may have read the other one (two {@code Authorization} headers, two {@code Content-Type}s).
 */
final class SingleHeaders {
  /** Every header this class guards; docs/PROTOCOL.md lists the same (a test keeps them in sync). */
  static final List<String> NAMES = List.of(Protocol.AUTHORIZATION, "Content-Type", "Content-Encoding",
      Protocol.TIMEOUT_HEADER, Protocol.REQUEST_ID_HEADER, Protocol.ARGS_HEADER, Protocol.UPLOAD_NAME_HEADER,
      Protocol.STREAM_CONNECTION_HEADER, Protocol.STREAM_ID_HEADER);

  private SingleHeaders() {}

  /** The header's one value, null when absent, or null when repeated (for headers whose bad value is ignored). */
  static String valueOrNullIfRepeated(Context ctx, String name) {
    Enumeration<String> values = ctx.req().getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    return values.hasMoreElements() ? null : first;
  }

  /**
   * The header's one value, or null when absent.
   *
   * @throws RpcException the answer for a bad value of this header, when it is repeated
   */
  static String value(Context ctx, String name) {
    Enumeration<String> values = ctx.req().getHeaders(name);
    if (values == null || !values.hasMoreElements()) {
      return null;
    }
    String first = values.nextElement();
    if (values.hasMoreElements()) {
      throw repeated(name);
    }
    return first;
  }

  /** Throws the answer for a repeated header; reads no value. */
  static void requireAtMostOne(Context ctx, String name) {
    value(ctx, name);
  }

  private static RpcException repeated(String name) {
    String detail = "The request has more than one " + name + " header";
    if (name.equalsIgnoreCase(Protocol.AUTHORIZATION)) {
      return new RpcException(401, ProblemCodes.INVALID_TOKEN, detail);
    }
    if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Encoding")) {
      return new RpcException(415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE, detail);
    }
    if (name.equalsIgnoreCase(Protocol.ARGS_HEADER)) {
      return new RpcException(400, ProblemCodes.MALFORMED_JSON, detail);
    }
    return new RpcException(400, ProblemCodes.INVALID_ARGUMENT, detail);
  }
}
