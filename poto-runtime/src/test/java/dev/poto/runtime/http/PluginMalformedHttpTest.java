package dev.poto.runtime.http;

import static dev.poto.runtime.http.MalformedHttpTest.assertProblem;
import static dev.poto.runtime.http.MalformedHttpTest.send;
import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.TestModule;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

/**
 * An application that installs {@link PotoPlugin} in its own Javalin: malformed HTTP under the prefix
 * gets the same problem+json as with PotoServer, while the application's own error pages still answer
 * everything else.
 */
class PluginMalformedHttpTest {
  private static final String APP_PAGE = "the application's own error page";

  @Test
  void malformedRequestsUnderThePrefixAreProblems() throws IOException {
    withApp(server -> {}, port -> {
      assertProblem(send(port, "POST /api/rpc/test/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
          400, ProblemCodes.BAD_REQUEST);
      assertProblem(send(port, "POST /api/rpc/test/publicEcho HTTP/1.1\r\nHost: x\r\nCookie: a=\u0001\r\nContent-Length: 0\r\n\r\n"),
          400, ProblemCodes.BAD_REQUEST);
      assertProblem(send(port, "POST /api/rpc/test/publicEcho HTTP/1.1\r\nHost: x\r\nX-Big: " + "x".repeat(64 * 1024)
          + "\r\nContent-Length: 0\r\n\r\n"), 431, ProblemCodes.HEADERS_TOO_LARGE);
      assertProblem(send(port, "POST /api/rpc/test/" + "a".repeat(16 * 1024) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
          414, ProblemCodes.URI_TOO_LONG);
      // Too broken to have a path, and the application set no error page of its own.
      assertProblem(send(port, "THIS IS NOT HTTP\r\n\r\n"), 400, ProblemCodes.BAD_REQUEST);
      assertProblem(send(port, "POST /api/rpc/test/publicEcho HTTP/7.3\r\nHost: x\r\nContent-Length: 0\r\n\r\n"),
          505, ProblemCodes.HTTP_ERROR);
    });
  }

  @Test
  void theApplicationsOwnErrorPageAnswersOutsideThePrefix() throws IOException {
    Consumer<Server> ownPage = server -> server.setErrorHandler((request, response, callback) -> {
      response.setStatus(400);
      response.write(true, ByteBuffer.wrap(APP_PAGE.getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    });
    withApp(ownPage, port -> {
      MalformedHttpTest.RawAnswer outside =
          send(port, "POST /app/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      assertThat(outside.body()).isEqualTo(APP_PAGE);
      MalformedHttpTest.RawAnswer noPath = send(port, "THIS IS NOT HTTP\r\n\r\n");
      assertThat(noPath.body()).isEqualTo(APP_PAGE);
      MalformedHttpTest.RawAnswer badVersion = send(port, "POST /api/rpc/test/publicEcho HTTP/7.3\r\nHost: x\r\n\r\n");
      assertThat(badVersion.body()).as("no path known: the application's page").isEqualTo(APP_PAGE);
      // ...and the prefix still gets problem+json although the application set its own handler.
      assertProblem(send(port, "POST /api/rpc/test/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"),
          400, ProblemCodes.BAD_REQUEST);
    });
  }

  @Test
  void withoutAnOwnErrorPageJettysDefaultStaysOutsideThePrefix() throws IOException {
    withApp(server -> {}, port -> {
      MalformedHttpTest.RawAnswer outside =
          send(port, "POST /app/%ff%fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      assertThat(outside.status()).isEqualTo(400);
      assertThat(outside.headers()).doesNotContain(Problem.CONTENT_TYPE);
    });
  }

  private interface PortCheck {
    void check(int port) throws IOException;
  }

  private static void withApp(Consumer<Server> modifyServer, PortCheck check) throws IOException {
    Javalin app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.routes.post("/app/hello", ctx -> ctx.result("hello"));
      config.registerPlugin(new PotoPlugin(poto -> poto
          .prefix("/api/rpc")
          .module(new TestModule())
          .jwt(jwt -> jwt.secret(TestServers.SECRET))));
      config.jetty.modifyServer(modifyServer); // after the plugin: the application's choice still counts
    }).start("127.0.0.1", 0);
    try {
      check.check(app.port());
    } finally {
      app.stop();
    }
  }
}
