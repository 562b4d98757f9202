package dev.poto.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PotoContextTest {
  /** A module using the optional base class's helpers. */
  static final class Helpers extends PotoModule {
    String describe() {
      return requestId() + "/" + findCurrentUser().map(PotoUser::id).orElse("-") + "/" + isCancelled();
    }

    String user() {
      return currentUser().id();
    }
  }

  private static RequestContext context(String requestId, PotoUser user) {
    return new RequestContext(requestId, user, Map.of("X-A", "1"), Map.of(), null);
  }

  @Test
  void outsideACallTheAccessorThrowsAClearError() {
    assertThat(Poto.inCall()).isFalse();
    assertThatThrownBy(Poto::context).isInstanceOf(IllegalStateException.class).hasMessageContaining("No Poto call");
    assertThatThrownBy(Poto::currentUser).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> new Helpers().describe()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void baseClassHelpersReadTheBoundContext() throws Exception {
    Helpers helpers = new Helpers();
    String described = Poto.callWith(context("r1", new PotoUser("u1", Set.of())), helpers::describe);
    assertThat(described).isEqualTo("r1/u1/false");
    assertThat(Poto.callWith(context("r2", null), helpers::describe)).isEqualTo("r2/-/false");
  }

  @Test
  void anonymousCurrentUserIs401() {
    assertThatThrownBy(() -> Poto.callWith(context("r", null), () -> new Helpers().user()))
        .isInstanceOfSatisfying(RpcException.class, e -> assertThat(e.status()).isEqualTo(401));
  }

  @Test
  void theContextDoesNotLeakToOtherThreadsOrOutliveTheCall() throws Exception {
    AtomicReference<Boolean> seenByOtherThread = new AtomicReference<>();
    Poto.runWith(context("r", null), () -> {
      Thread other = Thread.ofVirtual().start(() -> seenByOtherThread.set(Poto.inCall()));
      try {
        other.join();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      assertThat(Poto.context().header("x-a")).isEqualTo("1");
    });
    assertThat(seenByOtherThread.get()).isFalse();
    assertThat(Poto.inCall()).isFalse();
  }

  @Test
  void cancellationHandlersRunThroughTheHelper() throws Exception {
    RequestContext context = context("r", null);
    AtomicReference<String> ran = new AtomicReference<>();
    Poto.runWith(context, () -> new Helpers().onCancel(() -> ran.set("yes")));
    context.cancellation().cancel("client_gone");
    assertThat(ran.get()).isEqualTo("yes");
    assertThat(Poto.callWith(context, Poto::isCancelled)).isTrue();
  }
}
