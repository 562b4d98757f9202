package dev.poto.runtime.http;

import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Response;

/** How many body bytes an answer has: written so far (streams) plus a result Javalin still has to write. */
final class ResponseBytes {
  private ResponseBytes() {}

  static long of(Context ctx) {
    long written = 0;
    ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(ctx.req());
    if (jetty != null) {
      written = Response.getContentBytesWritten(jetty.getServletContextResponse());
    }
    InputStream pending = ctx.resultInputStream();
    if (pending instanceof ByteArrayInputStream bytes) {
      written += bytes.available(); // Javalin writes ctx.result(...) after the handler returns
    }
    return written;
  }
}
