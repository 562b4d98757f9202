package dev.poto.runtime.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.runtime.scheduling.ManualScheduler;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class InMemorySessionProviderTest {
  private final MutableClock clock = new MutableClock();

  private InMemorySessionProvider.Builder builder() {
    // A sweep interval of a day: these tests drive cleanup themselves unless they test the sweeper.
    return InMemorySessionProvider.builder().clock(clock).sweepInterval(Duration.ofDays(1));
  }

  @Test
  void defaultsAreThirtyMinutesAndOneHundredThousandSessions() {
    try (InMemorySessionProvider provider = new InMemorySessionProvider()) {
      SessionStats stats = provider.stats();
      assertThat(stats.provider()).isEqualTo("memory");
      assertThat(stats.maxSessions()).hasValue(100_000);
      assertThat(stats.activeSessions()).hasValue(0);
      assertThat(stats.evictedSessions()).hasValue(0);
      assertThat(InMemorySessionProvider.DEFAULT_IDLE_TIMEOUT).isEqualTo(Duration.ofMinutes(30));
    }
  }

  @Test
  void keepsValuesPerUserAndKey() {
    try (InMemorySessionProvider provider = builder().build()) {
      provider.put("alice", "k", "1");
      provider.put("bob", "k", "2");
      provider.put("alice", "k", "3");
      assertThat(provider.get("alice", "k")).contains("3");
      assertThat(provider.get("bob", "k")).contains("2");
      assertThat(provider.get("carol", "k")).isEmpty();
      assertThat(provider.exists("alice")).isTrue();
      assertThat(provider.exists("carol")).isFalse();
      assertThat(provider.remove("alice", "k")).isTrue();
      assertThat(provider.exists("alice")).isTrue(); // an emptied session is still a session
      assertThat(provider.delete("alice")).isTrue();
      assertThat(provider.exists("alice")).isFalse();
      assertThat(provider.stats().activeSessions()).hasValue(1);
    }
  }

  @Test
  void theBoundEvictsTheLeastRecentlyUsedSessionAndCountsIt() {
    try (InMemorySessionProvider provider = builder().maxSessions(3).build()) {
      for (String user : new String[] {"u1", "u2", "u3"}) {
        provider.put(user, "k", "\"" + user + "\"");
        clock.advance(Duration.ofSeconds(1));
      }
      assertThat(provider.get("u1", "k")).isPresent(); // u1 is now the most recently used; u2 the least
      clock.advance(Duration.ofSeconds(1));

      provider.put("u4", "k", "4");

      assertThat(provider.exists("u2")).isFalse();
      assertThat(provider.exists("u1")).isTrue();
      assertThat(provider.exists("u3")).isTrue();
      assertThat(provider.exists("u4")).isTrue();
      SessionStats stats = provider.stats();
      assertThat(stats.activeSessions()).hasValue(3);
      assertThat(stats.maxSessions()).hasValue(3);
      assertThat(stats.evictedSessions()).hasValue(1);
    }
  }

  @Test
  void theBoundHoldsOverManyUsersAndEvictsInBatches() {
    try (InMemorySessionProvider provider = builder().maxSessions(1000).build()) {
      for (int i = 0; i < 2500; i++) {
        provider.put("user-" + i, "k", Integer.toString(i));
        clock.advance(Duration.ofMillis(1));
      }
      long active = provider.stats().activeSessions().orElseThrow();
      assertThat(active).isBetween(990L, 1000L); // batches of 1% of the bound
      assertThat(provider.stats().evictedSessions()).hasValue(2500 - active);
      assertThat(provider.get("user-2499", "k")).contains("2499"); // the newest survive
      assertThat(provider.exists("user-0")).isFalse(); // the oldest go first
    }
  }

  @Test
  void anIdleSessionReadsAsAbsentBeforeAnySweep() {
    try (InMemorySessionProvider provider = builder().idleTimeout(Duration.ofMinutes(30)).build()) {
      provider.put("u1", "k", "1");
      clock.advance(Duration.ofMinutes(29));
      assertThat(provider.get("u1", "k")).contains("1"); // touches the session
      clock.advance(Duration.ofMinutes(29));
      assertThat(provider.exists("u1")).isTrue();
      clock.advance(Duration.ofMinutes(2));
      assertThat(provider.exists("u1")).isFalse();
      assertThat(provider.get("u1", "k")).isEmpty();
      assertThat(provider.stats().activeSessions()).hasValue(0);
      assertThat(provider.stats().evictedSessions()).hasValue(1);

      provider.put("u1", "other", "2"); // a fresh session, without the old values
      assertThat(provider.get("u1", "k")).isEmpty();
      assertThat(provider.get("u1", "other")).contains("2");
    }
  }

  @Test
  void cleanupIdleRemovesOnlyIdleSessionsAndReturnsTheCount() {
    try (InMemorySessionProvider provider = builder().idleTimeout(Duration.ofHours(1)).build()) {
      provider.put("old1", "k", "1");
      provider.put("old2", "k", "1");
      clock.advance(Duration.ofMinutes(10));
      provider.put("fresh", "k", "1");
      clock.advance(Duration.ofMinutes(6));

      assertThat(provider.cleanupIdle(Duration.ofMinutes(15))).isEqualTo(2);
      assertThat(provider.cleanupIdle(Duration.ofMinutes(15))).isZero();
      assertThat(provider.exists("fresh")).isTrue();
      assertThat(provider.exists("old1")).isFalse();
      assertThat(provider.stats().activeSessions()).hasValue(1);
      assertThat(provider.stats().evictedSessions()).hasValue(2);
    }
  }

  @Test
  void theSweeperRemovesIdleSessionsOnItsOwn() {
    ManualScheduler scheduler = new ManualScheduler();
    try (InMemorySessionProvider provider =
        InMemorySessionProvider.builder()
            .clock(clock)
            .scheduler(scheduler)
            .idleTimeout(Duration.ofMinutes(5))
            .sweepInterval(Duration.ofMinutes(1))
            .build()) {
      provider.put("u1", "k", "1");
      provider.put("u2", "k", "1");
      clock.advance(Duration.ofMinutes(6));
      provider.put("u3", "k", "1");
      assertThat(provider.stats().activeSessions()).hasValue(3);

      // No read touches u1/u2: only the sweep, due after a minute on the scheduler, brings the count down.
      scheduler.advance(Duration.ofSeconds(59));
      assertThat(provider.stats().activeSessions()).hasValue(3);
      scheduler.advance(Duration.ofSeconds(1));
      assertThat(provider.stats().activeSessions()).hasValue(1);
      assertThat(provider.stats().evictedSessions()).hasValue(2);
      assertThat(provider.exists("u3")).isTrue();
    }
  }

  @Test
  void closeStopsTheSweeper() {
    ManualScheduler scheduler = new ManualScheduler();
    InMemorySessionProvider provider = builder().scheduler(scheduler).idleTimeout(Duration.ofMinutes(5)).build();
    provider.put("u1", "k", "1");
    assertThat(scheduler.pending()).isEqualTo(1);
    provider.close();
    assertThat(scheduler.pending()).as("no sweep left on the shared timer").isZero();
    clock.advance(Duration.ofMinutes(6));
    scheduler.advance(Duration.ofDays(2));
    assertThat(provider.stats().activeSessions()).as("nothing swept after close").hasValue(1);
  }

  @Test
  void withoutABuilderSchedulerTheSweepStartsOnTheFirstSchedulerItIsStartedWith() {
    ManualScheduler runtimeScheduler = new ManualScheduler();
    ManualScheduler another = new ManualScheduler();
    try (InMemorySessionProvider provider = builder().idleTimeout(Duration.ofMinutes(5)).build()) {
      provider.put("u1", "k", "1");
      provider.start(runtimeScheduler);
      provider.start(another); // a store shared by two runtimes is swept once
      assertThat(runtimeScheduler.pending()).isEqualTo(1);
      assertThat(another.pending()).isZero();

      clock.advance(Duration.ofMinutes(6));
      runtimeScheduler.advance(Duration.ofDays(1));
      assertThat(provider.stats().activeSessions()).hasValue(0);
    }
    assertThat(runtimeScheduler.pending()).isZero();
  }

  @Test
  void aClosedStoreStartsNoSweep() {
    ManualScheduler scheduler = new ManualScheduler();
    InMemorySessionProvider provider = builder().build();
    provider.close();
    provider.start(scheduler);
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThatThrownBy(() -> InMemorySessionProvider.builder().maxSessions(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemorySessionProvider.builder().idleTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
  }

}
