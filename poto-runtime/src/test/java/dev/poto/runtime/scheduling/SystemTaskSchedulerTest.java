package dev.poto.runtime.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SystemTaskSchedulerTest {

  @Test
  void theSystemSchedulerForgetsCancelledTimers() {
    SystemTaskScheduler system = SystemTaskScheduler.INSTANCE;
    int before = system.pendingTasks();
    Scheduled far = system.schedule(Duration.ofHours(1), () -> {});
    assertThat(system.pendingTasks()).isEqualTo(before + 1);
    far.cancel();
    assertThat(system.pendingTasks()).isEqualTo(before);
  }
}
