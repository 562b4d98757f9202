package dev.poto.bench.stream;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * The server-side floor of a binary answer: a bare Jetty handler (no servlet layer, no Javalin, no
 * source stream) that writes {@code ?bytes=N} bytes from one preallocated direct buffer, 256 KiB per
 * blocking write. {@code /length} announces Content-Length, {@code /chunked} does not.
 */
final class RawJettyBlobServer implements AutoCloseable {
  static final String LENGTH_PATH = "/length";
  static final String CHUNKED_PATH = "/chunked";
  private static final int WRITE_SIZE = 256 * 1024;

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final ByteBuffer source = ByteBuffer.allocateDirect(WRITE_SIZE);

  RawJettyBlobServer() throws Exception {
    for (int i = 0; i < WRITE_SIZE; i++) {
      source.put(i, (byte) (i * 7 + 3));
    }
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long bytes = Long.parseLong(Request.extractQueryParameters(request).getValue("bytes"));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        if (request.getHttpURI().getPath().equals(LENGTH_PATH)) {
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes);
        }
        long left = bytes;
        while (left > 0) {
          ByteBuffer slice = source.slice(0, (int) Math.min(WRITE_SIZE, left));
          left -= slice.remaining();
          try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(left == 0, slice, blocker);
            blocker.block();
          }
        }
        if (bytes == 0) {
          response.write(true, null, callback);
        } else {
          callback.succeeded();
        }
        return true;
      }
    });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
