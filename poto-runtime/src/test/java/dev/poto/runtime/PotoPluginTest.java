package dev.poto.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.TestModule;
import io.javalin.Javalin;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Poto's routes inside a user's own Javalin app, next to the app's routes. */
class PotoPluginTest {

  @Test
  void pluginServesPotoNextToTheAppsOwnRoutes() {
    Javalin app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.routes.get("/health", ctx -> ctx.result("up"));
      config.registerPlugin(new PotoPlugin(poto -> poto
          .prefix("/api/rpc/")
          .module(new TestModule())
          .jwt(jwt -> jwt.secret(TestServers.SECRET))));
    }).start("127.0.0.1", 0);
    try {
      TestHttp http = new TestHttp(app.port());
      assertThat(http.send(http.request("/health").GET().build()).body()).isEqualTo("up");

      HttpResponse<String> visitor = http.post("/api/rpc/_auth/visitor", null, null);
      assertThat(visitor.statusCode()).isEqualTo(200);
      String token = TestHttp.json(visitor).get("token").asText();
      String userId = TestHttp.json(visitor).get("userId").asText();
      assertThat(http.post("/api/rpc/test/whoami", null, token).body()).isEqualTo("\"" + userId + "\"");

      HttpResponse<String> unknown = http.post("/api/rpc/nope/x", "{}", token);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
      assertThat(TestHttp.json(unknown).get("code").asText()).isEqualTo(ProblemCodes.UNKNOWN_MODULE);

      // Outside the prefix, the app keeps Javalin's own behaviour.
      assertThat(http.post("/api/other", "{}", null).statusCode()).isEqualTo(404);
      assertThat(http.post("/poto/test/whoami", null, token).statusCode()).isEqualTo(404);
    } finally {
      app.stop();
    }
  }
}
