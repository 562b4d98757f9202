package dev.poto.client;

import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/** How the Java client sends an {@link Upload} (docs/PROTOCOL.md §1a). */
final class Uploads {
  private Uploads() {}

  /** The position of the method's upload parameter, or -1. */
  static int position(RpcMethod method) {
    List<dev.poto.protocol.RpcParam> params = method.params();
    for (int i = 0; i < params.size(); i++) {
      if (params.get(i).type() == Upload.class) {
        return i;
      }
    }
    return -1;
  }

  static Upload required(RpcMethod method, Object[] args, int position) {
    if (args == null || args.length != method.params().size()) {
      throw new IllegalArgumentException(method.path() + " takes " + method.params().size() + " argument(s), got "
          + (args == null ? 0 : args.length));
    }
    if (!(args[position] instanceof Upload upload)) {
      throw new IllegalArgumentException("the upload '" + method.params().get(position).name() + "' of "
          + method.path() + " must not be null");
    }
    return upload;
  }

  /**
   * The body, read from the upload's source as the request is sent: never held in memory. A known
   * length goes out as {@code Content-Length}, an unknown one chunked.
   */
  static HttpRequest.BodyPublisher publisher(Upload upload) {
    if (upload.length().orElse(-1) == 0) {
      return HttpRequest.BodyPublishers.noBody(); // Content-Length: 0
    }
    Supplier<InputStream> source = () -> {
      try {
        return upload.open();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
    HttpRequest.BodyPublisher stream = HttpRequest.BodyPublishers.ofInputStream(source);
    return upload.length().isPresent() ? HttpRequest.BodyPublishers.fromPublisher(stream, upload.length().getAsLong())
        : stream;
  }

  /** Percent-encoded UTF-8 (spaces as {@code %20}), as the protocol's {@code Poto-Upload-Name}. */
  static String encodeName(String name) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
