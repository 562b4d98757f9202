package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import io.javalin.Javalin;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A {@link VirtualMachineError} (out of memory, stack overflow) is not turned into a 500 problem or an
 * error event after which the server carries on: it reaches the HTTP server's own error handling,
 * here Javalin's handler for {@code java.lang.Error}s, which records it; or, on a stream's thread once
 * Jetty has handed the connection over, the thread's uncaught-exception handler.
 */
class FatalErrorTest {
  private static final List<Error> reachedJavalin = new CopyOnWriteArrayList<>();
  private static Javalin app;
  private static TestHttp http;

  @BeforeAll
  static void start() {
    app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.router.javaLangErrorHandler((response, error) -> {
        reachedJavalin.add(error);
        response.setStatus(500);
      });
      config.registerPlugin(new PotoPlugin(poto -> poto.module(new FailingDispatcher()).jwt(jwt -> jwt.secret(TestServers.SECRET))));
    }).start("127.0.0.1", 0);
    http = new TestHttp(app.port());
  }

  @AfterAll
  static void stop() {
    app.stop();
  }

  @BeforeEach
  void clear() {
    reachedJavalin.clear();
  }

  @Test
  void aVirtualMachineErrorFromTheMethodIsRethrown() {
    HttpResponse<String> response = http.post("/poto/failing/overflow", null, null);
    assertThat(reachedJavalin).singleElement().isInstanceOf(StackOverflowError.class);
    assertThat(response.body()).doesNotContain("internal_error");
  }

  @Test
  void anOrdinaryErrorIsStillAProblem() {
    HttpResponse<String> response = http.post("/poto/failing/assertion", null, null);
    assertThat(reachedJavalin).isEmpty();
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(TestHttp.json(response).get("code").asText()).isEqualTo("internal_error");
  }

  /**
   * Written by the stream's own thread after Jetty has completed the request and handed the connection
   * over, so Javalin is no longer there to take it: the error is logged and thrown on to the thread's
   * handler, and the answer breaks off without an end or error frame (a broken stream, never a short one).
   */
  @Test
  void aVirtualMachineErrorWhileStreamingGoesToTheStreamThreadsHandler() throws Exception {
    List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    CountDownLatch handled = new CountDownLatch(1);
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Thread.setDefaultUncaughtExceptionHandler((thread, error) -> {
      uncaught.add(error);
      handled.countDown();
    });
    try {
      assertThatThrownBy(() -> http.post("/poto/failing/stream", null, null))
          .isInstanceOf(UncheckedIOException.class);
      assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(uncaught).singleElement().isInstanceOf(OutOfMemoryError.class);
      assertThat(reachedJavalin).isEmpty();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  /** A module whose methods fail with errors; hand-written like the processor's dispatchers. */
  private static final class FailingDispatcher implements ModuleDispatcher {
    private static final RpcMethod OVERFLOW = new RpcMethod("failing", "overflow", 0, ResultKind.VALUE, String.class);
    private static final RpcMethod ASSERTION = new RpcMethod("failing", "assertion", 1, ResultKind.VALUE, String.class);
    private static final RpcMethod STREAM = new RpcMethod("failing", "stream", 2, ResultKind.STREAM, String.class);

    @Override
    public List<RpcMethod> methods() {
      return List.of(OVERFLOW, ASSERTION, STREAM);
    }

    @Override
    public MethodAccess access(int index) {
      return MethodAccess.PUBLIC;
    }

    @Override
    public Object invoke(int index, Object[] args) {
      return switch (index) {
        case 0 -> throw new StackOverflowError("simulated");
        case 1 -> throw new AssertionError("an Error, but not the JVM's");
        default -> Stream.iterate("item", s -> {
          throw new OutOfMemoryError("simulated");
        });
      };
    }
  }
}
