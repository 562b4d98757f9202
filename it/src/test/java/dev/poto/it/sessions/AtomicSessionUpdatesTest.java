package dev.poto.it.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.poto.client.PotoClient;
import dev.poto.it.core.Concurrently;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.session.redis.RedisServerProcess;
import dev.poto.session.redis.RedisSessionConfig;
import dev.poto.session.redis.RedisSessionProvider;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code updateSessionValue} over HTTP through the generated {@link SessionModuleClient}, one server per
 * store: concurrent updates by one user all count in memory and in Redis; a cookie session adds up one
 * request at a time (concurrent requests from one browser are last-answer-wins, pinned in the runtime's
 * tests); a function that throws changes nothing anywhere. Redis across two nodes behind nginx is in
 * {@code RedisClusterTest}.
 */
class AtomicSessionUpdatesTest {
  enum Store { MEMORY, REDIS, COOKIE }

  private static final int CALLS = 100;
  private static final Map<Store, SessionServers> SERVERS = new EnumMap<>(Store.class);
  private static RedisServerProcess redis;

  @BeforeAll
  static void start() {
    redis = RedisServerProcess.start();
    SERVERS.put(Store.MEMORY, new SessionServers(InMemorySessionProvider.builder().build()));
    SERVERS.put(Store.REDIS, new SessionServers(
        new RedisSessionProvider(RedisSessionConfig.builder(redis.uri()).keyPrefix("atomic-it:").build())));
    SERVERS.put(Store.COOKIE, new SessionServers(
        EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).insecureDevelopmentCookies().build()));
  }

  @AfterAll
  static void stop() {
    try {
      SERVERS.values().forEach(SessionServers::close);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Store.class, names = {"MEMORY", "REDIS"})
  void hundredConcurrentIncrementsByOneUserEndAtExactlyHundred(Store store) {
    try (PotoClient client = SERVERS.get(store).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      List<Integer> seen = Concurrently.run(CALLS, i -> sessions.increment("count"));
      assertEquals(IntStream.rangeClosed(1, CALLS).boxed().collect(Collectors.toSet()), Set.copyOf(seen),
          "each call saw its own count (" + store + ")");
      assertEquals(CALLS, sessions.count("count"), store.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(value = Store.class, names = {"MEMORY", "REDIS"})
  void aListAppendedToByHundredConcurrentCallsHoldsAllHundredItems(Store store) {
    try (PotoClient client = SERVERS.get(store).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      List<Integer> sizes = Concurrently.run(CALLS, i -> sessions.append("list", "item-" + i));
      assertEquals(CALLS, Set.copyOf(sizes).size(), "every append saw a different size (" + store + ")");
      List<String> items = sessions.list("list");
      assertEquals(CALLS, items.size(), store.toString());
      assertEquals(IntStream.range(0, CALLS).mapToObj(i -> "item-" + i).collect(Collectors.toSet()), Set.copyOf(items));
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void anUpdateFunctionThatThrowsLeavesTheOldValue(Store store) {
    try (PotoClient client = SERVERS.get(store).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      for (int i = 0; i < 3; i++) {
        sessions.increment("kept");
      }
      RpcException e = assertThrows(RpcException.class, () -> sessions.refuseUpdate("kept"));
      assertEquals(422, e.status());
      assertEquals(SessionModule.REFUSED, e.code());
      assertEquals("refused to update 3", e.detail());
      assertEquals(3, sessions.count("kept"), store.toString());

      RpcException absent = assertThrows(RpcException.class, () -> sessions.refuseUpdate("never"));
      assertEquals("refused to update nothing", absent.detail());
      assertNull(sessions.count("never"), store.toString());
    }
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void incrementsOneRequestAtATimeAddUpInEveryStore(Store store) {
    try (PotoClient client = SERVERS.get(store).visitor()) {
      SessionModuleClient sessions = new SessionModuleClient(client);
      for (int i = 1; i <= CALLS; i++) {
        assertEquals(i, sessions.increment("sequential"));
      }
      assertEquals(CALLS, sessions.count("sequential"), store.toString());
    }
  }
}
