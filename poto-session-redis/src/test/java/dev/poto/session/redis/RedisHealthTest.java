package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Readiness follows Redis: unhealthy while it is down or hung, healthy again once it answers. */
class RedisHealthTest {

  @Test
  void healthFollowsRedisDownHungAndBack() throws Exception {
    try (RedisServerProcess server = RedisServerProcess.start();
        RedisSessionProvider sessions = new RedisSessionProvider(RedisSessionConfig.builder(server.uri())
            .commandTimeout(Duration.ofMillis(500))
            .maxReconnectDelay(Duration.ofMillis(200))
            .build())) {
      assertThat(sessions.healthy()).isTrue();

      server.pause(); // SIGSTOP: the connection stays open, Redis answers nothing
      await("unhealthy while hung", () -> !sessions.healthy());
      server.resume();
      await("healthy once it answers", sessions::healthy);

      server.kill();
      await("unhealthy while down", () -> !sessions.healthy());
      server.restart();
      await("healthy after the restart", sessions::healthy);
    }
  }

  @Test
  void aClosedProviderIsNotHealthy() {
    try (RedisServerProcess server = RedisServerProcess.start()) {
      RedisSessionProvider sessions = new RedisSessionProvider(RedisSessionConfig.builder(server.uri()).build());
      sessions.close();
      assertThat(sessions.healthy()).isFalse();
    }
  }

  /** Polls: the answer is cached for up to a second, so the change shows on a later probe. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out: " + what);
      }
      Thread.sleep(50);
    }
  }
}
