package dev.poto.it.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poto.client.PotoClient;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.session.InMemorySessionProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Idle expiry and the session bound of the in-memory provider, observed through the stats method. */
class InMemorySessionBoundsTest {
  private static final Duration IDLE = Duration.ofMinutes(10);

  @Test
  void cleanupRemovesIdleSessionsAndTheStatsSaySo() {
    MutableClock clock = new MutableClock();
    InMemorySessionProvider provider = InMemorySessionProvider.builder()
        .idleTimeout(IDLE).sweepInterval(Duration.ofHours(1)).clock(clock).build();
    try (SessionServers server = new SessionServers(provider)) {
      List<PotoClient> idle = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        PotoClient client = server.visitor();
        new SessionModuleClient(client).put("n", Integer.toString(i));
        idle.add(client);
      }
      try (PotoClient observer = server.visitor()) {
        SessionModuleClient admin = new SessionModuleClient(observer);
        assertEquals(20L, admin.stats().activeSessions());
        clock.advance(IDLE.plusSeconds(1));
        try (PotoClient fresh = server.visitor()) {
          new SessionModuleClient(fresh).put("n", "fresh");
          assertEquals(20L, admin.cleanupIdle(IDLE.toMillis()), "the 20 idle sessions, not the fresh one");
          StatsView stats = admin.stats();
          assertEquals(1L, stats.activeSessions());
          assertEquals(20L, stats.evictedSessions());
          assertEquals("fresh", new SessionModuleClient(fresh).get("n"));
        }
        for (PotoClient client : idle) {
          assertNull(new SessionModuleClient(client).get("n"), "an expired session reads as none");
        }
      }
      idle.forEach(PotoClient::close);
    }
  }

  @Test
  void theSweeperRemovesIdleSessionsWithoutAnyCall() {
    MutableClock clock = new MutableClock();
    ManualScheduler sweeps = new ManualScheduler();
    Duration sweepInterval = Duration.ofMinutes(1);
    InMemorySessionProvider provider = InMemorySessionProvider.builder()
        .idleTimeout(IDLE).sweepInterval(sweepInterval).clock(clock).scheduler(sweeps).build();
    try (SessionServers server = new SessionServers(provider);
        PotoClient a = server.visitor();
        PotoClient b = server.visitor()) {
      new SessionModuleClient(a).put("k", "v");
      new SessionModuleClient(b).put("k", "v");
      SessionModuleClient stats = new SessionModuleClient(a);
      assertEquals(2L, stats.stats().activeSessions());
      clock.advance(IDLE.plusSeconds(1));
      // Reading the stats touches no session, so only a sweep can bring the count down.
      assertEquals(2L, stats.stats().activeSessions());

      sweeps.advance(sweepInterval);

      StatsView seen = stats.stats();
      assertEquals(0L, seen.activeSessions(), "the sweeper should have removed both idle sessions");
      assertEquals(2L, seen.evictedSessions());
    }
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsedSessions() {
    int max = 100;
    int users = 150;
    MutableClock clock = new MutableClock();
    InMemorySessionProvider provider = InMemorySessionProvider.builder()
        .maxSessions(max).idleTimeout(IDLE).sweepInterval(Duration.ofHours(1)).clock(clock).build();
    try (SessionServers server = new SessionServers(provider)) {
      List<PotoClient> clients = new ArrayList<>();
      for (int i = 0; i < users; i++) {
        clock.advance(Duration.ofMillis(1)); // a strict order of last use
        PotoClient client = server.visitor();
        new SessionModuleClient(client).put("n", Integer.toString(i));
        clients.add(client);
      }
      StatsView stats = new SessionModuleClient(clients.get(users - 1)).stats();
      long active = stats.activeSessions();
      long evicted = stats.evictedSessions();
      assertEquals((long) max, stats.maxSessions());
      assertTrue(active <= max, active + " active sessions over the bound of " + max);
      assertEquals(users, active + evicted, "active " + active + " + evicted " + evicted + " of " + users + " created");
      assertTrue(evicted >= users - max, evicted + " evicted, expected at least " + (users - max));
      int survivors = 0;
      for (int i = 0; i < users; i++) {
        if (new SessionModuleClient(clients.get(i)).get("n") != null) {
          survivors++;
        }
      }
      assertEquals(active, survivors, "sessions still readable");
      assertNull(new SessionModuleClient(clients.get(0)).get("n"), "the least recently used session went first");
      assertEquals(Integer.toString(users - 1), new SessionModuleClient(clients.get(users - 1)).get("n"));
      clients.forEach(PotoClient::close);
    }
  }
}
