package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class PotoClientBuilderTest {

  @Test
  void prefixDefaultsToPotoAndIsNormalised() {
    assertThat(endpoint(PotoClient.builder("http://h:1"))).isEqualTo("http://h:1/poto");
    assertThat(endpoint(PotoClient.builder("http://h:1/").prefix("api/rpc/"))).isEqualTo("http://h:1/api/rpc");
    assertThat(endpoint(PotoClient.builder("http://h:1/app").prefix("/x"))).isEqualTo("http://h:1/app/x");
    assertThat(endpoint(PotoClient.builder("https://h").prefix("/"))).isEqualTo("https://h");
  }

  @Test
  void rejectsUnusableSettings() {
    assertThatThrownBy(() -> PotoClient.builder("localhost:8080").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PotoClient.builder("ftp://h").build()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PotoClient.builder("http://h").connectTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.ofTimeout(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CallOptions.DEFAULTS.withRequestId("has space")).isInstanceOf(IllegalArgumentException.class);
    try (HttpClient withCookies = HttpClient.newBuilder().cookieHandler(new CookieManager()).build()) {
      assertThatThrownBy(() -> PotoClient.builder("http://h").httpClient(withCookies).build())
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cookie");
    }
  }

  record Point(int x, String label) {}

  @Test
  void plainRecordsAreReadDirectlyUnlessTurnedOff() {
    try (PotoClient direct = PotoClient.create("http://h");
        PotoClient mapperOnly = PotoClient.builder("http://h").directRecords(false).build()) {
      assertThat(direct.decodingOf(Point.class).direct()).isNotNull();
      assertThat(direct.decodingOf(String.class).direct()).isNull();
      assertThat(mapperOnly.decodingOf(Point.class).direct()).isNull();
    }
  }

  private static String endpoint(PotoClient.Builder builder) {
    try (PotoClient client = builder.build()) {
      URI uri = client.endpoint();
      return uri.toString();
    }
  }
}
