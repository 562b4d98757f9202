package dev.poto.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Concurrent calls each see their own caller (the seed's isolation check, at unit-test size). */
class ContextIsolationTest {

  @Test
  void twoHundredConcurrentCallsFromTwentyVisitorsEachSeeTheirOwnUser() throws Exception {
    try (PotoServer server = TestServers.start()) {
      TestHttp http = new TestHttp(server.port());
      List<JsonNode> visitors = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        visitors.add(http.visitor());
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Future<String[]>> answers = new ArrayList<>();
      try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int call = 0; call < 200; call++) {
          JsonNode visitor = visitors.get(call % visitors.size());
          answers.add(callers.submit(() -> {
            go.await();
            HttpResponse<String> response = http.post("/poto/test/whoami", null, visitor.get("token").asText());
            return new String[] {visitor.get("userId").asText(), String.valueOf(response.statusCode()), response.body()};
          }));
        }
        go.countDown();
        int mismatches = 0;
        for (Future<String[]> answer : answers) {
          String[] result = answer.get(60, TimeUnit.SECONDS);
          assertThat(result[1]).isEqualTo("200");
          if (!result[2].equals("\"" + result[0] + "\"")) {
            mismatches++;
          }
        }
        assertThat(mismatches).isZero();
      }
    }
  }
}
