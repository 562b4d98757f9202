package dev.poto.runtime.session;

import dev.poto.runtime.Sessions;
import static dev.poto.runtime.session.TestCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.RequestContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SessionsTest {
  record Item(String name, int count, Instant at) {}

  private final InMemorySessionProvider provider = new InMemorySessionProvider();

  @AfterEach
  void close() {
    provider.close();
  }

  @Test
  void typedValuesRoundTripThroughClassTypeReferenceAndJavaType() throws Exception {
    Item item = new Item("apple", 3, Instant.parse("2030-01-02T03:04:05Z"));
    call(provider, "u1", () -> {
      Sessions.setSessionValue("item", item);
      Sessions.setSessionValue("list", List.of(item, new Item("pear", 1, null)));
      Sessions.setSessionValue("price", new BigDecimal("1.10"));
      return null;
    });
    call(provider, "u1", () -> {
      assertThat(Sessions.getSessionValue("item", Item.class)).contains(item);
      assertThat(Sessions.getSessionValue("list", new TypeReference<List<Item>>() {}).orElseThrow())
          .containsExactly(item, new Item("pear", 1, null));
      assertThat(Sessions.<List<Item>>getSessionValue(
              "list", TypeFactory.defaultInstance().constructCollectionType(List.class, Item.class)))
          .hasValueSatisfying(l -> assertThat(l).hasSize(2));
      assertThat(Sessions.getSessionValue("price", BigDecimal.class)).contains(new BigDecimal("1.10"));
      assertThat(Sessions.getSessionValue("missing", Item.class)).isEmpty();
      return null;
    });
    assertThat(provider.get("u1", "item")).hasValueSatisfying(json -> assertThat(json).contains("\"apple\""));
  }

  @Test
  void removeDeleteAndHasSession() throws Exception {
    call(provider, "u1", () -> {
      assertThat(Sessions.hasSession()).isFalse();
      Sessions.setSessionValue("a", 1);
      Sessions.setSessionValue("b", 2);
      assertThat(Sessions.hasSession()).isTrue();
      assertThat(Sessions.removeSessionValue("a")).isTrue();
      assertThat(Sessions.removeSessionValue("a")).isFalse();
      assertThat(Sessions.getSessionValue("a", Integer.class)).isEmpty();
      assertThat(Sessions.getSessionValue("b", Integer.class)).contains(2);
      assertThat(Sessions.deleteUserSession()).isTrue();
      assertThat(Sessions.deleteUserSession()).isFalse();
      assertThat(Sessions.hasSession()).isFalse();
      assertThat(Sessions.getSessionValue("b", Integer.class)).isEmpty();
      return null;
    });
  }

  @Test
  void statsComeFromTheProvider() throws Exception {
    call(provider, "u1", () -> { Sessions.setSessionValue("a", 1); return null; });
    SessionStats stats = call(provider, "u2", Sessions::getSessionStats);
    assertThat(stats.provider()).isEqualTo("memory");
    assertThat(stats.activeSessions()).hasValue(1);
  }

  @Test
  void outsideACallIsAnIllegalState() {
    assertThatThrownBy(() -> Sessions.setSessionValue("a", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("No Poto call is in progress");
    assertThatThrownBy(() -> Sessions.getSessionValue("a", String.class)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anAnonymousCallerGets401Unauthenticated() {
    RequestContext anonymous = TestCalls.context(null, provider, Map.of());
    assertThatThrownBy(() -> Poto.callWith(anonymous, () -> Sessions.getSessionValue("a", String.class)))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.code()).isEqualTo("unauthenticated");
          assertThat(e.getMessage()).contains("Session helpers need a logged-in caller");
        });
    assertThatThrownBy(() -> Poto.callWith(anonymous, Sessions::deleteUserSession)).isInstanceOf(RpcException.class);
  }

  @Test
  void aContextWithoutProviderSaysSo() {
    RequestContext bare = new RequestContext("r1", TestCalls.user("u1"), Map.of(), Map.of(), null);
    assertThatThrownBy(() -> Poto.callWith(bare, Sessions::hasSession))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no session provider");
  }

  @Test
  void badKeysAndValuesAreRejectedClearly() throws Exception {
    call(provider, "u1", () -> {
      assertThatThrownBy(() -> Sessions.setSessionValue("", 1)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> Sessions.setSessionValue("k".repeat(201), 1))
          .hasMessageContaining("at most 200");
      assertThatThrownBy(() -> Sessions.setSessionValue("a", null))
          .hasMessageContaining("removeSessionValue");
      Sessions.setSessionValue("word", "not a number");
      assertThatThrownBy(() -> Sessions.getSessionValue("word", Integer.class))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("'word'")
          .hasMessageContaining("java.lang.Integer")
          .hasMessageNotContaining("not a number");
      return null;
    });
  }

  @Test
  void twoServersInOneJvmKeepTheirOwnProviders() throws Exception {
    try (InMemorySessionProvider other = new InMemorySessionProvider()) {
      call(provider, "u1", () -> { Sessions.setSessionValue("k", "first"); return null; });
      call(other, "u1", () -> { Sessions.setSessionValue("k", "second"); return null; });
      assertThat(call(provider, "u1", () -> Sessions.getSessionValue("k", String.class))).contains("first");
      assertThat(call(other, "u1", () -> Sessions.getSessionValue("k", String.class))).contains("second");
      assertThat(call(other, "u2", () -> Sessions.getSessionValue("k", String.class))).isEqualTo(Optional.empty());
    }
  }
}
