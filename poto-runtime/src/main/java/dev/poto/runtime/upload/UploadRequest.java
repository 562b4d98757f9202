package dev.poto.runtime.upload;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.Upload;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the parts of an upload call that are not the body (docs/PROTOCOL.md §1a): the declared length
 * against the limit, the other arguments from {@code Poto-Args}, the file name from
 * {@code Poto-Upload-Name} and the media type from {@code Content-Type}.
 */
public final class UploadRequest {
  private static final byte[] EMPTY_OBJECT = {'{', '}'};
  /** Longest file name accepted, in characters once decoded. */
  static final int MAX_FILE_NAME = 255;

  private UploadRequest() {}

  /**
   * 413 when the declared length is over the limit: the method does not run.
   *
   * @return the body as the method will read it
   */
  public static UploadBody body(Context ctx, long maxUploadBytes) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxUploadBytes) {
      throw UploadBody.tooLarge(maxUploadBytes);
    }
    try {
      return new UploadBody(ctx.req().getInputStream(), maxUploadBytes);
    } catch (IOException e) {
      throw new RpcException(400, ProblemCodes.INVALID_ARGUMENT, "The upload could not be read");
    }
  }

  /** The JSON object of the other arguments ({@code {}} without the header), ASCII only. */
  public static byte[] arguments(Context ctx) {
    String header = ctx.header(Protocol.ARGS_HEADER);
    if (header == null) {
      return EMPTY_OBJECT;
    }
    byte[] bytes = new byte[header.length()];
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new RpcException(400, ProblemCodes.MALFORMED_JSON, Protocol.ARGS_HEADER
            + " must be ASCII: write other characters as \\u escapes (at character " + i + ")");
      }
      bytes[i] = (byte) c;
    }
    return bytes;
  }

  /** What the method is handed, around {@code body}. */
  public static Upload upload(Context ctx, UploadBody body) {
    String type = ctx.header("Content-Type");
    return Upload.received(body, type == null || type.isBlank() ? Upload.OCTET_STREAM : type.strip(),
        fileName(ctx.header(Protocol.UPLOAD_NAME_HEADER)), ctx.req().getContentLengthLong());
  }

  /** Percent-decoded UTF-8, or 400 {@code invalid_argument}; null when absent. */
  static String fileName(String header) {
    if (header == null) {
      return null;
    }
    ByteBuffer bytes = ByteBuffer.allocate(header.length());
    for (int i = 0; i < header.length(); i++) {
      char c = header.charAt(i);
      if (c == '%' && i + 2 < header.length() && hex(header.charAt(i + 1)) >= 0 && hex(header.charAt(i + 2)) >= 0) {
        bytes.put((byte) (hex(header.charAt(i + 1)) * 16 + hex(header.charAt(i + 2))));
        i += 2;
      } else if (c > 0x20 && c < 0x7f && c != '%') {
        bytes.put((byte) c);
      } else {
        throw badName("it must be percent-encoded UTF-8");
      }
    }
    bytes.flip();
    try {
      CharBuffer name = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes);
      if (name.isEmpty() || name.length() > MAX_FILE_NAME) {
        throw badName("it must have 1 to " + MAX_FILE_NAME + " characters");
      }
      return name.toString();
    } catch (CharacterCodingException e) {
      throw badName("its bytes are not UTF-8");
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static RpcException badName(String why) {
    return new RpcException(400, ProblemCodes.INVALID_ARGUMENT, Protocol.UPLOAD_NAME_HEADER + " is invalid: " + why);
  }
}
