package dev.poto.protocol;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Binary input of an {@code @Rpc} method, streamed rather than buffered: the bytes, their media type
 * and, if the caller named one, a file name. A method takes at most one {@code Upload} parameter, next to
 * any other arguments; the bytes travel as the request body (docs/PROTOCOL.md §1a).
 *
 * <p>On the server, {@link #open()} is the request body as it arrives: read it once, within the call.
 * A read fails with an {@link RpcException} {@code 413 payload_too_large} once the server's upload limit
 * is passed, and with an {@link IOException} when the caller goes away (the call is then cancelled).
 *
 * <p>In the Java client, make one with {@link #of(Path)}, {@link #of(byte[], String)} or
 * {@link #of(InputStream, String, String)}.
 */
public final class Upload {
  /** The media type of bytes of no particular type. */
  public static final String OCTET_STREAM = Protocol.OCTET_STREAM;

  /** Opens the bytes; called once per send (a Path is opened again when a call is retried). */
  @FunctionalInterface
  public interface Source {
    InputStream open() throws IOException;
  }

  private final Source source;
  private final String contentType;
  private final String fileName; // null when none
  private final long length; // -1 when unknown

  private Upload(Source source, String contentType, String fileName, long length) {
    this.source = Objects.requireNonNull(source, "source");
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    this.fileName = fileName;
    this.length = length;
  }

  /**
   * A file, read when the call is sent; its name travels as the file name and its media type is
   * guessed from it ({@code application/octet-stream} when unknown).
   */
  public static Upload of(Path file) {
    try {
      String type = Files.probeContentType(file);
      Path name = file.getFileName();
      return new Upload(() -> Files.newInputStream(file), type != null ? type : OCTET_STREAM,
          name == null ? null : name.toString(), Files.size(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot upload " + file, e);
    }
  }

  /** Bytes already in memory (not copied: do not change them before the call returns). */
  public static Upload of(byte[] bytes, String contentType) {
    Objects.requireNonNull(bytes, "bytes");
    return new Upload(() -> new ByteArrayInputStream(bytes), contentType, null, bytes.length);
  }

  /**
   * A stream of unknown length, sent as it is read. It can be sent once: a call that would have to be
   * repeated (a renewed login) fails instead. The caller closes it.
   *
   * @param fileName the name to send, or null
   */
  public static Upload of(InputStream in, String contentType, String fileName) {
    Objects.requireNonNull(in, "in");
    boolean[] used = new boolean[1];
    return new Upload(() -> {
      synchronized (used) {
        if (used[0]) {
          throw new IOException("this upload's stream was sent already and cannot be read again");
        }
        used[0] = true;
      }
      return in;
    }, contentType, fileName, -1);
  }

  /**
   * What the server hands a method: the request body as it arrives.
   *
   * @param length the declared length, or -1 when the body is chunked
   */
  public static Upload received(InputStream body, String contentType, String fileName, long length) {
    return new Upload(() -> body, contentType, fileName, length);
  }

  /** The bytes. On the server, the request body: read it once, before the method returns. */
  public InputStream open() throws IOException {
    return source.open();
  }

  /** The media type, as sent ({@code application/octet-stream} when the caller gave none). */
  public String contentType() {
    return contentType;
  }

  /**
   * The file name the caller gave, if any, exactly as sent: any characters, path separators, {@code ..}
   * and control characters included. Never use it as a path or put it in a header as it is.
   */
  public Optional<String> fileName() {
    return Optional.ofNullable(fileName);
  }

  /** The length in bytes, when known in advance (the server knows it from {@code Content-Length}). */
  public OptionalLong length() {
    return length < 0 ? OptionalLong.empty() : OptionalLong.of(length);
  }

  /** For logs: the caller's file name with control and formatting characters as {@code \\uXXXX}, so it cannot break a line. */
  @Override
  public String toString() {
    return "Upload[" + contentType + (fileName == null ? "" : ", " + escaped(fileName))
        + (length < 0 ? "" : ", " + length + " bytes") + "]";
  }

  private static String escaped(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR || Character.isSurrogate(c) && !validPair(text, i)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static boolean validPair(String text, int i) {
    char c = text.charAt(i);
    return Character.isHighSurrogate(c) ? i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))
        : i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
  }
}
