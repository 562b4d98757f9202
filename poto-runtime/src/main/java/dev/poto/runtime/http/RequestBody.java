package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Reads a call's body with the protocol's checks, in its order: a non-empty body must be JSON (415),
 * then must fit the limit (413). Never reads more than the limit plus one byte.
 */
public final class RequestBody {
  private static final byte[] EMPTY = new byte[0];
  /** How much of an unread body is read and dropped before an early error answer (see {@link #discardRest}). */
  static final long DISCARD_LIMIT = 16L * 1024 * 1024;

  private RequestBody() {}

  /**
   * The body bytes (empty for an empty body).
   *
   * @throws RpcException 415 {@code unsupported_media_type}, 413 {@code payload_too_large}, or 400
   *     {@code malformed_json} when the body cannot be read
   */
  public static byte[] read(Context ctx, long maxBytes) {
    try {
      long declared = ctx.req().getContentLengthLong();
      if (declared == 0) {
        return EMPTY;
      }
      InputStream in = ctx.req().getInputStream();
      PushbackInputStream body = declared < 0 ? new PushbackInputStream(in, 1) : null;
      if (declared < 0) {
        // No Content-Length (chunked): peek, so an empty chunked body still counts as empty.
        int first = body.read();
        if (first < 0) {
          return EMPTY;
        }
        body.unread(first);
      }
      requireJson(SingleHeaders.value(ctx, "Content-Type"));
      requireNoContentCoding(SingleHeaders.value(ctx, "Content-Encoding"));
      if (declared > maxBytes) {
        throw tooLarge(maxBytes);
      }
      if (declared > 0) {
        // The usual case: Jetty holds the body to its Content-Length, so read exactly that, at once.
        byte[] bytes = in.readNBytes((int) declared);
        if (bytes.length < declared) {
          throw new IOException("The body ended after " + bytes.length + " of " + declared + " bytes");
        }
        return bytes;
      }
      return readAtMost(body, maxBytes);
    } catch (IOException e) {
      throw new RpcException(400, ProblemCodes.MALFORMED_JSON, "The request body could not be read");
    }
  }

  /**
   * Reads and drops what is left of the request body, before answering with an error that was decided
   * without reading it (401, 404, 413, 415...). A caller is usually still sending then, and a server that
   * closes a connection with unread bytes makes the kernel reset it: the caller would see a broken
   * connection instead of the answer. Bodies declared larger than {@link #DISCARD_LIMIT} are left unread
   * (their answer is best effort); a body already read costs one read of its end.
   */
  public static void discardRest(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared == 0 || declared > DISCARD_LIMIT) {
      return;
    }
    try {
      InputStream in = ctx.req().getInputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      int n;
      while (total <= DISCARD_LIMIT && (n = in.read(buffer)) >= 0) {
        total += n;
      }
    } catch (IOException | RuntimeException e) {
      // The caller went away or the body is unreadable: the answer goes out (or not) regardless.
    }
  }

  /**
   * A request body is taken as sent: the server decodes no content coding (gzip, deflate, br...), so a
   * body that declares one is refused rather than read as if it had none. {@code identity} is no coding.
   *
   * @throws RpcException 415 {@code unsupported_media_type}
   */
  public static void requireNoContentCoding(String contentEncoding) {
    if (contentEncoding != null && !contentEncoding.isBlank() && !contentEncoding.strip().equalsIgnoreCase("identity")) {
      throw new RpcException(415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE,
          "Request bodies are not decoded: send the body without Content-Encoding (was '" + truncate(contentEncoding) + "')");
    }
  }

  /** {@code application/json}, with any parameters, but a {@code charset} only if it is UTF-8. */
  static void requireJson(String contentType) {
    if (contentType != null && isJson(contentType)) {
      String charset = charset(contentType);
      if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
        throw new RpcException(
            415,
            ProblemCodes.UNSUPPORTED_MEDIA_TYPE,
            "A request body must be UTF-8 (the charset was '" + truncate(charset) + "')");
      }
      return;
    }
    throw new RpcException(
        415,
        ProblemCodes.UNSUPPORTED_MEDIA_TYPE,
        "A request body must be sent with Content-Type: application/json"
            + (contentType == null ? " (none was given)" : " (was '" + truncate(contentType) + "')"));
  }

  /** {@code application/json}, case-insensitive, optionally followed by parameters; no allocation. */
  private static boolean isJson(String contentType) {
    String json = "application/json";
    int start = 0;
    int end = contentType.length();
    while (start < end && Character.isWhitespace(contentType.charAt(start))) {
      start++;
    }
    int semicolon = contentType.indexOf(';', start);
    int typeEnd = semicolon < 0 ? end : semicolon;
    while (typeEnd > start && Character.isWhitespace(contentType.charAt(typeEnd - 1))) {
      typeEnd--;
    }
    return typeEnd - start == json.length() && contentType.regionMatches(true, start, json, 0, json.length());
  }

  /** The value of a {@code charset} parameter (unquoted), or null when there is none. */
  private static String charset(String contentType) {
    int semicolon = contentType.indexOf(';');
    while (semicolon >= 0) {
      int next = contentType.indexOf(';', semicolon + 1);
      String parameter = contentType.substring(semicolon + 1, next < 0 ? contentType.length() : next).strip();
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String value = parameter.substring(equals + 1).strip();
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
      }
      semicolon = next;
    }
    return null;
  }

  private static byte[] readAtMost(InputStream in, long maxBytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    long total = 0;
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > maxBytes) {
        throw tooLarge(maxBytes);
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static RpcException tooLarge(long maxBytes) {
    return new RpcException(
        413, ProblemCodes.PAYLOAD_TOO_LARGE, "The request body is larger than the limit of " + maxBytes + " bytes");
  }

  private static String truncate(String value) {
    return Printable.of(value, 100);
  }
}
