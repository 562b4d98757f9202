package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

  @Test
  void newIdsAreSixteenUrlSafeCharactersAndDistinctAcrossManyBatches() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 10_000; i++) { // about forty batches of random bytes
      String id = RequestIds.create();
      assertThat(id).hasSize(16).matches("[A-Za-z0-9_-]+");
      ids.add(id);
    }
    assertThat(ids).hasSize(10_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc-123.X_y", "a", "0123456789012345678901234567890123456789012345678901234567890123"})
  void aSafeIdFromTheCallerIsKept(String incoming) {
    assertThat(RequestIds.acceptOrCreate(incoming)).isEqualTo(incoming);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "bad id", "x<script>", "ä", "a/b", "a\\nb",
      "01234567890123456789012345678901234567890123456789012345678901234"})
  void anythingElseGetsAFreshId(String incoming) {
    String id = RequestIds.acceptOrCreate(incoming);
    assertThat(id).isNotEqualTo(incoming).hasSize(16);
  }

  @Test
  void noIdFromTheCallerGetsAFreshOne() {
    assertThat(RequestIds.acceptOrCreate(null)).hasSize(16);
  }
}
