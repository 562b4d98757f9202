package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stream result whose call was cancelled before it could be written (its deadline passed while the
 * method ran) is released: a publisher is subscribed to and cancelled, so what it holds for its
 * caller (a board's watcher, say) goes away with the call.
 */
class AbandonedResultTest {
  /** Records whether anyone subscribed, and whether that subscription was cancelled. */
  static final class WatchingPublisher implements Flow.Publisher<String> {
    final CountDownLatch cancelled = new CountDownLatch(1);

    @Override
    public void subscribe(Flow.Subscriber<? super String> subscriber) {
      subscriber.onSubscribe(new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {
          cancelled.countDown();
        }
      });
    }
  }

  /** {@code Flow.Publisher<String> watch()}: returns its publisher only once the call is cancelled. */
  static final class LateDispatcher implements ModuleDispatcher {
    static final RpcMethod WATCH = new RpcMethod("late", "watch", 0, ResultKind.PUBLISHER, String.class);
    final WatchingPublisher publisher = new WatchingPublisher();

    @Override
    public List<RpcMethod> methods() {
      return List.of(WATCH);
    }

    @Override
    public MethodAccess access(int index) {
      return MethodAccess.PUBLIC;
    }

    @Override
    public Object invoke(int index, Object[] args) {
      try {
        Thread.sleep(Long.MAX_VALUE); // until the deadline's cancellation interrupts the call
      } catch (InterruptedException e) {
        // the call is cancelled: the publisher comes back too late to be written
      }
      return publisher;
    }
  }

  @Test
  void aPublisherReturnedAfterTheDeadlineIsSubscribedToAndCancelled() throws Exception {
    LateDispatcher late = new LateDispatcher();
    try (PotoServer server = TestServers.start(config -> config.module(late))) {
      TestHttp http = new TestHttp(server.port());
      HttpResponse<String> response = http.send(http.request("/poto/late/watch")
          .header(Protocol.TIMEOUT_HEADER, "50").POST(HttpRequest.BodyPublishers.noBody()).build());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
      assertThat(TestHttp.json(response).get("code").asText()).isEqualTo(ProblemCodes.DEADLINE_EXCEEDED);
      assertThat(late.publisher.cancelled.await(10, TimeUnit.SECONDS))
          .as("the abandoned publisher's subscription was cancelled").isTrue();
    }
  }
}
