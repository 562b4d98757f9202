package dev.poto.runtime.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CancellationTest {

  @Test
  void handlersRunOnceInOrderAndTheRuntimesFinalReactionRunsLastThoughRegisteredFirst() {
    Cancellation cancellation = new Cancellation();
    List<String> ran = new ArrayList<>();
    cancellation.onCancelAfterHandlers(() -> ran.add("interrupt worker"));
    cancellation.onCancel(() -> ran.add("module handler 1"));
    cancellation.onCancel(() -> { throw new IllegalStateException("a failing handler does not stop the rest"); });
    cancellation.onCancel(() -> ran.add("module handler 2"));

    cancellation.cancel("client_gone");
    cancellation.cancel("deadline_exceeded"); // later cancels change nothing

    assertThat(ran).containsExactly("module handler 1", "module handler 2", "interrupt worker");
    assertThat(cancellation.isCancelled()).isTrue();
    assertThat(cancellation.reason()).isEqualTo("client_gone");
  }

  @Test
  void aHandlerRegisteredAfterCancellationRunsAtOnce() {
    Cancellation cancellation = new Cancellation();
    cancellation.cancel("deadline_exceeded");
    List<String> ran = new ArrayList<>();
    cancellation.onCancel(() -> ran.add("late"));
    cancellation.onCancelAfterHandlers(() -> ran.add("late final"));
    assertThat(ran).containsExactly("late", "late final");
  }
}
