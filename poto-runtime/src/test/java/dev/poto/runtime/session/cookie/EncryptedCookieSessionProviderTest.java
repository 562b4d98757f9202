package dev.poto.runtime.session.cookie;

import dev.poto.runtime.session.MutableClock;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.session.TestCalls;
import dev.poto.runtime.Sessions;
import dev.poto.protocol.ProblemCodes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.context.RequestContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptedCookieSessionProviderTest {
  private static final String COOKIE = EncryptedCookieSessionProvider.DEFAULT_COOKIE_NAME;

  private final MutableClock clock = new MutableClock();
  private final CookieSessionKeys keys = CookieSessionKeys.generate();
  private final EncryptedCookieSessionProvider provider =
      EncryptedCookieSessionProvider.builder(keys).clock(clock).build();

  private static Optional<String> read(TestCalls.Client client, String key) throws Exception {
    return client.call(() -> Sessions.getSessionValue(key, String.class));
  }

  private static void write(TestCalls.Client client, String key, String value) throws Exception {
    client.call(() -> {
      Sessions.setSessionValue(key, value);
      return null;
    });
  }

  /** A client of {@code userId} whose jar holds {@code cookieValue}. */
  private TestCalls.Client clientWithCookie(String userId, EncryptedCookieSessionProvider p, String cookieValue) {
    TestCalls.Client client = new TestCalls.Client(userId, p);
    client.jar().put(COOKIE, cookieValue);
    return client;
  }

  @Test
  void valuesTravelInTheCookieFromOneRequestToTheNext() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    assertThat(client.call(Sessions::hasSession)).isFalse();
    write(client, "color", "blue");
    assertThat(client.jar()).containsKey(COOKIE);
    assertThat(client.jar().get(COOKIE)).doesNotContain("blue");
    assertThat(read(client, "color")).contains("blue");
    assertThat(client.call(Sessions::hasSession)).isTrue();
    assertThat(client.call(() -> Sessions.removeSessionValue("color"))).isTrue();
    assertThat(read(client, "color")).isEmpty();
    assertThat(client.call(Sessions::hasSession)).isTrue();
    assertThat(client.call(Sessions::deleteUserSession)).isTrue();
    assertThat(client.jar()).doesNotContainKey(COOKIE);
    assertThat(client.call(Sessions::hasSession)).isFalse();
  }

  @Test
  void setCookieHasSecureDefaults() throws Exception {
    RequestContext context = TestCalls.context(TestCalls.user("alice"), provider, Map.of());
    Poto.runWith(context, () -> Sessions.setSessionValue("k", "v"));
    List<String> setCookies = TestCalls.setCookies(context);
    assertThat(setCookies).hasSize(1);
    assertThat(setCookies.getFirst())
        .startsWith(COOKIE + "=")
        .endsWith("; Path=/; Max-Age=604800; HttpOnly; Secure; SameSite=Lax");
  }

  @Test
  void cookieAttributesAreConfigurable() throws Exception {
    EncryptedCookieSessionProvider dev =
        EncryptedCookieSessionProvider.builder(keys)
            .cookieName("app_sess")
            .path("/app")
            .maxAge(Duration.ofHours(1))
            .sameSite(EncryptedCookieSessionProvider.SameSite.STRICT)
            .insecureDevelopmentCookies()
            .build();
    RequestContext context = TestCalls.context(TestCalls.user("alice"), dev, Map.of());
    Poto.runWith(context, () -> Sessions.setSessionValue("k", "v"));
    assertThat(TestCalls.setCookies(context).getFirst())
        .startsWith("app_sess=")
        .endsWith("; Path=/app; Max-Age=3600; HttpOnly; SameSite=Strict")
        .doesNotContain("Secure");

    assertThatThrownBy(() -> EncryptedCookieSessionProvider.builder(keys)
            .sameSite(EncryptedCookieSessionProvider.SameSite.NONE).insecureDevelopmentCookies().build())
        .hasMessageContaining("SameSite=None needs the Secure flag");
    assertThatThrownBy(() -> EncryptedCookieSessionProvider.builder(keys).cookieName("bad name;"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EncryptedCookieSessionProvider.builder(keys).path("/a; Domain=evil"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyWritesInOneCallGoOutAsOneSetCookieAndOtherCookiesStay() throws Exception {
    RequestContext context = TestCalls.context(TestCalls.user("alice"), provider, Map.of());
    Poto.runWith(context, () -> {
      Poto.context().responseHeaders().add("Set-Cookie", "theme=dark; Path=/");
      Sessions.setSessionValue("a", "1");
      Sessions.setSessionValue("b", "2");
      Sessions.setSessionValue("a", "3");
      assertThat(Sessions.getSessionValue("a", String.class)).contains("3");
    });
    List<String> setCookies = TestCalls.setCookies(context);
    assertThat(setCookies).hasSize(2).contains("theme=dark; Path=/");
    String session = setCookies.stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElseThrow();

    TestCalls.Client next = clientWithCookie("alice", provider, valueOf(session));
    assertThat(read(next, "a")).contains("3");
    assertThat(read(next, "b")).contains("2");
  }

  @Test
  void tamperingWithAnyByteOfTheCookieReadsAsNoSession() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    write(client, "k", "v");
    byte[] sealed = Base64.getUrlDecoder().decode(client.jar().get(COOKIE));
    assertThat(sealed.length).isGreaterThan(40);
    int opened = 0;
    for (int position = 0; position < sealed.length; position++) {
      for (int flip : new int[] {0x01, 0x80}) {
        byte[] tampered = sealed.clone();
        tampered[position] ^= (byte) flip;
        TestCalls.Client attacker = clientWithCookie("alice", provider, Base64.getUrlEncoder().withoutPadding().encodeToString(tampered));
        if (attacker.call(Sessions::hasSession)) {
          opened++;
        }
      }
    }
    assertThat(opened).as("tampered cookies that opened").isZero();
    assertThat(read(client, "k")).contains("v"); // the untouched cookie still opens
  }

  @Test
  void truncatedGarbledAndOversizedCookiesReadAsNoSession() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    write(client, "k", "v");
    String cookie = client.jar().get(COOKIE);
    List<String> bad = new ArrayList<>();
    for (int length = 0; length < cookie.length(); length++) {
      bad.add(cookie.substring(0, length));
    }
    bad.add(cookie + "A");
    bad.add("not base64 !!");
    bad.add("A".repeat(SessionCookieCodec.MAX_COOKIE_VALUE_CHARS + 1));
    for (String value : bad) {
      TestCalls.Client other = clientWithCookie("alice", provider, value);
      assertThat(other.call(Sessions::hasSession)).as("cookie of length %d", value.length()).isFalse();
      assertThat(other.call(() -> Sessions.getSessionValue("k", String.class))).isEmpty();
    }
  }

  @Test
  void aCookieReplayedUnderAnotherUserReadsAsNoSession() throws Exception {
    TestCalls.Client alice = new TestCalls.Client("alice", provider);
    write(alice, "secret", "alice's");
    TestCalls.Client mallory = clientWithCookie("mallory", provider, alice.jar().get(COOKIE));
    assertThat(mallory.call(Sessions::hasSession)).isFalse();
    assertThat(read(mallory, "secret")).isEmpty();
    // Mallory's first write starts an empty session of her own; Alice's data never appears in it.
    write(mallory, "x", "1");
    assertThat(read(mallory, "secret")).isEmpty();
  }

  @Test
  void theProviderRefusesToWriteAnotherUsersSession() throws Exception {
    RequestContext context = TestCalls.context(TestCalls.user("alice"), provider, Map.of());
    assertThatThrownBy(() -> Poto.callWith(context, () -> { provider.put("bob", "k", "1"); return null; }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only the calling user's session");
    assertThat(Poto.callWith(context, () -> provider.get("bob", "k"))).isEmpty();
  }

  @Test
  void anExpiredCookieReadsAsNoSessionAndEachWriteRenewsTheExpiry() throws Exception {
    EncryptedCookieSessionProvider hourly =
        EncryptedCookieSessionProvider.builder(keys).clock(clock).maxAge(Duration.ofHours(1)).build();
    TestCalls.Client client = new TestCalls.Client("alice", hourly);
    write(client, "k", "v");
    clock.advance(Duration.ofMinutes(50));
    assertThat(read(client, "k")).contains("v");
    write(client, "k2", "v2"); // renews: one more hour from now
    clock.advance(Duration.ofMinutes(50));
    assertThat(read(client, "k")).contains("v");
    clock.advance(Duration.ofMinutes(10));
    assertThat(read(client, "k")).isEmpty();
    assertThat(client.call(Sessions::hasSession)).isFalse();
  }

  @Test
  void afterRotationOldCookiesOpenAndNewCookiesUseTheNewKey() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    write(client, "k", "written under the old key");
    assertThat(keyIdOf(client.jar().get(COOKIE))).isEqualTo(keys.primaryKeyId());

    CookieSessionKeys rotatedKeys = CookieSessionKeys.fromJson(keys.toCleartextJson()).withNewPrimaryKey();
    EncryptedCookieSessionProvider rotated = EncryptedCookieSessionProvider.builder(rotatedKeys).clock(clock).build();
    TestCalls.Client sameBrowser = clientWithCookie("alice", rotated, client.jar().get(COOKIE));
    assertThat(read(sameBrowser, "k")).contains("written under the old key");

    write(sameBrowser, "k2", "new");
    assertThat(keyIdOf(sameBrowser.jar().get(COOKIE))).isEqualTo(rotatedKeys.primaryKeyId()).isNotEqualTo(keys.primaryKeyId());
    assertThat(read(sameBrowser, "k")).contains("written under the old key");
    // A server that still has only the old keyset cannot open the new cookie.
    assertThat(read(clientWithCookie("alice", provider, sameBrowser.jar().get(COOKIE)), "k")).isEmpty();
  }

  @Test
  void aCookieFromAnotherKeysetReadsAsNoSession() throws Exception {
    EncryptedCookieSessionProvider foreign =
        EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).clock(clock).build();
    TestCalls.Client client = new TestCalls.Client("alice", foreign);
    write(client, "k", "v");
    assertThat(read(clientWithCookie("alice", provider, client.jar().get(COOKIE)), "k")).isEmpty();
  }

  @Test
  void aSessionTooLargeForOneCookieFailsTheWriteAndKeepsThePreviousState() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    write(client, "small", "kept");
    String before = client.jar().get(COOKIE);
    RequestContext context = client.start();
    assertThatThrownBy(() -> client.finish(context, () -> {
          try {
            Sessions.setSessionValue("big", "x".repeat(3000));
            return null;
          } finally {
            Sessions.setSessionValue("ok", "fits"); // the failed write left the working copy as it was
          }
        }))
        .isInstanceOfSatisfying(RpcException.class, e -> {
          assertThat(e.status()).isEqualTo(413);
          assertThat(e.code()).isEqualTo(ProblemCodes.SESSION_TOO_LARGE);
          assertThat(e.getMessage()).contains("4096").contains("server-side session provider");
        });
    // The call failed, but its Set-Cookie (with "ok", without "big") is what the answer would carry.
    String after = TestCalls.setCookies(context).stream().filter(c -> c.startsWith(COOKIE + "=")).findFirst().orElseThrow();
    assertThat(after.length()).isLessThanOrEqualTo(EncryptedCookieSessionProvider.MAX_SET_COOKIE_BYTES);
    TestCalls.Client next = clientWithCookie("alice", provider, valueOf(after));
    assertThat(read(next, "small")).contains("kept");
    assertThat(read(next, "ok")).contains("fits");
    assertThat(read(next, "big")).isEmpty();
    assertThat(before).isNotEqualTo(valueOf(after));
  }

  @Test
  void theLargestSessionThatFitsIsAccepted() throws Exception {
    RequestContext context = TestCalls.context(TestCalls.user("alice"), provider, Map.of());
    int size = Poto.callWith(context, () -> {
      int n = 1;
      while (true) {
        try {
          Sessions.setSessionValue("v", "x".repeat(n));
          n++;
        } catch (RpcException tooLarge) {
          return n - 1;
        }
      }
    });
    assertThat(size).isGreaterThan(2500);
    String setCookie = TestCalls.setCookies(context).getFirst();
    assertThat(setCookie.length()).isBetween(4090, 4096);
  }

  @Test
  void aWriteAfterTheAnswerStartedFailsWithAnExplanation() throws Exception {
    RequestContext context = TestCalls.context(TestCalls.user("alice"), provider, Map.of());
    Poto.runWith(context, () -> Sessions.setSessionValue("before", "1"));
    context.responseHeaders().commit((name, value) -> {});
    assertThatThrownBy(() -> Poto.runWith(context, () -> Sessions.setSessionValue("after", "2")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("answer has already started")
        .hasMessageContaining("before the stream starts");
    assertThatThrownBy(() -> Poto.runWith(context, Sessions::deleteUserSession))
        .isInstanceOf(IllegalStateException.class);
    assertThat(Poto.callWith(context, () -> Sessions.getSessionValue("after", String.class))).isEmpty();
    assertThat(Poto.callWith(context, () -> Sessions.getSessionValue("before", String.class))).contains("1");
  }

  @Test
  void numbersKeepTheirExactValue() throws Exception {
    TestCalls.Client client = new TestCalls.Client("alice", provider);
    BigInteger huge = new BigInteger("123456789012345678901234567890");
    client.call(() -> {
      Sessions.setSessionValue("price", new BigDecimal("1.10"));
      Sessions.setSessionValue("huge", huge);
      Sessions.setSessionValue("map", Map.of("n", 0.1));
      return null;
    });
    assertThat(client.call(() -> Sessions.getSessionValue("price", BigDecimal.class))).contains(new BigDecimal("1.10"));
    assertThat(client.call(() -> Sessions.getSessionValue("huge", BigInteger.class))).contains(huge);
    assertThat(client.call(() -> provider.get("alice", "map"))).contains("{\"n\":0.1}");
  }

  @Test
  void statsAreNotAvailableAndCleanupIsNotPossible() {
    SessionStats stats = provider.stats();
    assertThat(stats.provider()).isEqualTo("cookie");
    assertThat(stats.activeSessions()).isEmpty();
    assertThat(stats.maxSessions()).isEmpty();
    assertThat(stats.evictedSessions()).isEmpty();
    assertThat(provider.cleanupIdle(Duration.ofMinutes(1))).isEqualTo(-1);
  }

  @Test
  void deletingWithAnUnreadableCookieStillClearsItInTheBrowser() throws Exception {
    TestCalls.Client client = clientWithCookie("alice", provider, "garbage");
    assertThat(client.call(Sessions::deleteUserSession)).isFalse();
    assertThat(client.jar()).doesNotContainKey(COOKIE);
  }

  private static String valueOf(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    return pair.substring(pair.indexOf('=') + 1);
  }

  /** Tink's ciphertext prefix: a version byte, then the id of the key that encrypted it. */
  private static int keyIdOf(String cookieValue) {
    byte[] sealed = Base64.getUrlDecoder().decode(cookieValue);
    assertThat(sealed[0]).isEqualTo((byte) 1);
    return ByteBuffer.wrap(sealed, 1, 4).getInt();
  }
}
