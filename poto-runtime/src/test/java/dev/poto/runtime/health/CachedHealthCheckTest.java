package dev.poto.runtime.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedHealthCheckTest {
  @Test
  void probesAtMostOncePerMaxAgeAndTreatsAFailingProbeAsUnhealthy() {
    AtomicLong now = new AtomicLong();
    AtomicInteger probes = new AtomicInteger();
    AtomicBoolean up = new AtomicBoolean(true);
    CachedHealthCheck check = new CachedHealthCheck(() -> {
      probes.incrementAndGet();
      if (!up.get()) {
        throw new IllegalStateException("store down");
      }
      return true;
    }, Duration.ofSeconds(1), now::get);

    assertThat(check.healthy()).isTrue();
    up.set(false);
    now.addAndGet(999_000_000L);
    assertThat(check.healthy()).isTrue(); // cached
    assertThat(probes.get()).isEqualTo(1);
    now.addAndGet(1_000_000L);
    assertThat(check.healthy()).isFalse(); // probed again; a throwing probe is a failed one
    assertThat(probes.get()).isEqualTo(2);
  }
}
