package dev.poto.runtime.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one table of Poto's own routes under the prefix, and the router answering each from it. */
class ReservedRouteTest {

  @Test
  void noModuleCanTakeAReservedRouteAndEachIsFoundByItsSegment() {
    for (ReservedRoute route : ReservedRoute.values()) {
      assertThat(Protocol.isValidRoute(route.segment())).as(route.segment()).isFalse();
      assertThat(ReservedRoute.of(route.segment())).isSameAs(route);
    }
    assertThat(Arrays.stream(ReservedRoute.values()).map(ReservedRoute::segment).distinct())
        .hasSize(ReservedRoute.values().length);
    assertThat(ReservedRoute.of("_auth")).isSameAs(ReservedRoute.AUTH);
    assertThat(ReservedRoute.of("test")).isNull();
    assertThat(ReservedRoute.of("_nope")).isNull();
    assertThat(ReservedRoute.of("")).isNull();
    assertThat(ReservedRoute.values()).filteredOn(route -> !route.drained()).containsExactly(ReservedRoute.HEALTH);
  }

  /** Each reserved route reaches its own handler; a request there never goes to the module calls. */
  @Test
  void theRouterAnswersEveryReservedRouteWithItsHandler() {
    PotoServer server = TestServers.start(config -> config.metricsEndpoint(() -> "# scraped\n"));
    try {
      TestHttp http = new TestHttp(server.port());
      Map<ReservedRoute, HttpResponse<String>> answers = new EnumMap<>(ReservedRoute.class);
      answers.put(ReservedRoute.AUTH, http.post("/poto/_auth/visitor", "{}", null));
      answers.put(ReservedRoute.STREAMS, http.post("/poto/_streams/nope", "{}", null));
      answers.put(ReservedRoute.CLIENT, http.send(http.request("/poto/_client/none.js").GET().build()));
      answers.put(ReservedRoute.HEALTH, http.send(http.request("/poto/_health/live").GET().build()));
      answers.put(ReservedRoute.METRICS, http.send(http.request("/poto/_metrics").GET().build()));
      answers.put(ReservedRoute.OPENAPI, http.send(http.request("/poto/_openapi.json").GET().build()));
      assertThat(answers.keySet()).containsExactlyInAnyOrder(ReservedRoute.values()); // the test covers the table

      assertThat(answers.get(ReservedRoute.AUTH).statusCode()).isEqualTo(200);
      assertThat(answers.get(ReservedRoute.AUTH).body()).contains("\"token\"");
      // The stream connection endpoint's own answer (a module call would say unknown_module).
      assertThat(TestHttp.json(answers.get(ReservedRoute.STREAMS)).get("code").asText())
          .isEqualTo(ProblemCodes.UNKNOWN_METHOD);
      assertThat(TestHttp.json(answers.get(ReservedRoute.STREAMS)).get("detail").asText())
          .contains("stream connection endpoint");
      assertThat(answers.get(ReservedRoute.CLIENT).statusCode()).isEqualTo(404);
      assertThat(answers.get(ReservedRoute.CLIENT).body()).doesNotContain(ProblemCodes.UNKNOWN_MODULE);
      assertThat(answers.get(ReservedRoute.HEALTH).body()).isEqualTo("{\"status\":\"up\"}");
      assertThat(answers.get(ReservedRoute.METRICS).body()).isEqualTo("# scraped\n");
      assertThat(answers.get(ReservedRoute.OPENAPI).statusCode()).isNotEqualTo(405);
      assertThat(answers.get(ReservedRoute.OPENAPI).body()).doesNotContain(ProblemCodes.UNKNOWN_MODULE);

      // _auth answers only POST, like every call; an unknown reserved-looking route is an unknown module.
      HttpResponse<String> getVisitor = http.send(http.request("/poto/_auth/visitor").GET().build());
      assertThat(getVisitor.statusCode()).isEqualTo(405);
      assertThat(TestHttp.json(getVisitor).get("code").asText()).isEqualTo(ProblemCodes.METHOD_NOT_ALLOWED);
      HttpResponse<String> unknown = http.post("/poto/_nope/x", "{}", null);
      assertThat(TestHttp.json(unknown).get("code").asText()).isEqualTo(ProblemCodes.UNKNOWN_MODULE);
      // A single-segment route does not take a second segment.
      HttpResponse<String> below = http.send(http.request("/poto/_metrics/x").POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build());
      assertThat(TestHttp.json(below).get("code").asText()).isEqualTo(ProblemCodes.UNKNOWN_MODULE);
    } finally {
      server.stop();
    }
  }
}
