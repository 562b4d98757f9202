package dev.poto.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;

/** In plugin mode the runtime the plugin created is closed with the app: the session store too. */
class PluginLifecycleTest {

  @Test
  void stoppingTheAppClosesTheRuntimeThePluginCreated() {
    RecordingSessions sessions = new RecordingSessions();
    PotoPlugin plugin = new PotoPlugin(poto -> poto
        .module(new DrainModule())
        .sessionProvider(sessions.provider)
        .jwt(jwt -> jwt.secret(TestServers.SECRET)));
    Javalin app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.registerPlugin(plugin);
    }).start("127.0.0.1", 0);
    TestHttp http = new TestHttp(app.port());
    assertThat(http.send(http.request("/poto/_health/ready").GET().build()).statusCode()).isEqualTo(200);
    assertThat(sessions.closed.get()).isZero();

    app.stop();

    assertThat(sessions.closed.get()).isEqualTo(1);
    assertThat(plugin.runtime().calls().phase()).isEqualTo(CallRegistry.Phase.STOPPED);
  }
}
