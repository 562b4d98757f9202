package dev.poto.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import dev.poto.runtime.session.SessionProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthHandlerTest {
  private PotoServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void liveAndReadyAnswerPlainJsonWithoutAToken() {
    server = TestServers.start();
    TestHttp http = new TestHttp(server.port());
    HttpResponse<String> live = http.send(http.request("/poto/_health/live").GET().build());
    assertThat(live.statusCode()).isEqualTo(200);
    assertThat(live.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(live.body()).isEqualTo("{\"status\":\"up\"}");

    HttpResponse<String> ready = http.send(http.request("/poto/_health/ready").GET().build());
    assertThat(ready.statusCode()).isEqualTo(200);
    // The default in-memory store has nothing to be unreachable.
    assertThat(ready.body()).isEqualTo("{\"status\":\"ready\",\"draining\":false,\"sessions\":\"not_checked\"}");

    HttpResponse<String> head = http.send(http.request("/poto/_health/ready").method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertThat(head.statusCode()).isEqualTo(200);
  }

  @Test
  void readyIsFalseWhileTheSessionStoreIsUnhealthy() {
    AtomicBoolean healthy = new AtomicBoolean(true);
    AtomicInteger probes = new AtomicInteger();
    server = TestServers.start(config -> config.sessionProvider(checkedStore(healthy, probes)));
    TestHttp http = new TestHttp(server.port());
    HttpRequest ready = http.request("/poto/_health/ready").GET().build();
    assertThat(http.send(ready).statusCode()).isEqualTo(200);

    healthy.set(false);
    HttpResponse<String> down = http.send(ready);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).isEqualTo("{\"status\":\"not_ready\",\"draining\":false,\"sessions\":\"down\"}");
    assertThat(http.send(http.request("/poto/_health/live").GET().build()).statusCode()).isEqualTo(200);

    healthy.set(true);
    assertThat(http.send(ready).statusCode()).isEqualTo(200);
    assertThat(probes.get()).isEqualTo(3);
  }

  @Test
  void otherMethodsAndUnknownProbesAreProblems() {
    server = TestServers.start();
    TestHttp http = new TestHttp(server.port());
    HttpResponse<String> post = http.post("/poto/_health/ready", "{}", null);
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    assertThat(post.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problem.CONTENT_TYPE));
    assertThat(TestHttp.json(post).get("code").asText()).isEqualTo(ProblemCodes.METHOD_NOT_ALLOWED);

    HttpResponse<String> unknown = http.send(http.request("/poto/_health/deep").GET().build());
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(TestHttp.json(unknown).get("code").asText()).isEqualTo(ProblemCodes.UNKNOWN_METHOD);
    assertThat(http.send(http.request("/poto/_health").GET().build()).statusCode()).isEqualTo(404);
  }

  /** A session store that is also a {@link HealthCheck}, answering what the test sets. */
  private static SessionProvider checkedStore(AtomicBoolean healthy, AtomicInteger probes) {
    InMemorySessionProvider delegate = new InMemorySessionProvider();
    return (SessionProvider) Proxy.newProxyInstance(HealthHandlerTest.class.getClassLoader(),
        new Class<?>[] {SessionProvider.class, HealthCheck.class},
        (proxy, method, args) -> {
          if (method.getName().equals("healthy")) {
            probes.incrementAndGet();
            return healthy.get();
          }
          if (method.getDeclaringClass() == Object.class) {
            return method.getName().equals("equals") ? proxy == args[0]
                : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : "checkedStore";
          }
          return method.invoke(delegate, args);
        });
  }
}
