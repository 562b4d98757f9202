package dev.poto.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.PotoPlugin;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.config.PotoConfig;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.scheduling.ManualScheduler;
import dev.poto.runtime.scheduling.SystemTaskScheduler;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The runtime owns one scheduler: every timer of a call or a store runs on it, and closing the runtime
 * ends it (its own) or leaves no task on it (one its creator gave).
 */
@Timeout(60) // a reader blocked on a stream fails the test instead of hanging the build
class RuntimeSchedulerTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @Test
  void pluginModeEndsTheTimerThreadOfTheRuntimeItCreated() throws Exception {
    PotoPlugin plugin = new PotoPlugin(poto -> poto
        .module(new DrainModule())
        .drainQuietPeriod(Duration.ZERO)
        .jwt(jwt -> jwt.secret(TestServers.SECRET)));
    Javalin app = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.registerPlugin(plugin);
    }).start("127.0.0.1", 0);
    SystemTaskScheduler scheduler = (SystemTaskScheduler) plugin.runtime().scheduler();
    BufferedReader openStream = readFirstTick(new TestHttp(app.port()));
    assertThat(timerThreadAlive(scheduler)).isTrue();

    app.stop(); // with the stream still open: its heartbeat and flush timers go too

    assertEnded(scheduler);
    openStream.close();
  }

  @Test
  void serverModeEndsTheTimerThreadOfItsRuntime() throws Exception {
    PotoServer server = PotoServer.create(config -> config
        .module(new DrainModule())
        .host("127.0.0.1").port(0)
        .drainQuietPeriod(Duration.ZERO)
        .jwt(jwt -> jwt.secret(TestServers.SECRET))).start();
    SystemTaskScheduler scheduler = (SystemTaskScheduler) server.runtime().scheduler();
    BufferedReader openStream = readFirstTick(new TestHttp(server.port()));
    assertThat(timerThreadAlive(scheduler)).isTrue();

    server.stop(); // with the stream still open: its heartbeat and flush timers go too

    assertEnded(scheduler);
    openStream.close();
  }

  @Test
  void twoRuntimesHaveTwoSchedulersAndClosingOneLeavesTheOther() {
    PotoRuntime first = runtime(config -> {});
    PotoRuntime second = runtime(config -> {});
    SystemTaskScheduler firstScheduler = (SystemTaskScheduler) first.scheduler();
    SystemTaskScheduler secondScheduler = (SystemTaskScheduler) second.scheduler();
    assertThat(firstScheduler).isNotSameAs(secondScheduler);

    first.close();

    assertEnded(firstScheduler);
    assertThat(timerThreadAlive(secondScheduler)).isTrue();
    second.close();
    assertEnded(secondScheduler);
  }

  @Test
  void aGivenSchedulerCarriesTheRuntimeTimersAndHoldsNoneAfterClose() {
    ManualScheduler manual = new ManualScheduler();
    PotoRuntime runtime = runtime(config -> config.scheduler(manual));
    assertThat(runtime.scheduler()).isSameAs(manual);
    // The call watchdog and the default in-memory session store's sweeper.
    assertThat(manual.pending()).isEqualTo(2);

    runtime.close();

    assertThat(manual.pending()).isZero();
    manual.advance(Duration.ofHours(1)); // nothing left to run, and nothing throws
  }

  @Test
  void aStreamHeartbeatIsDrivenByTheGivenScheduler() throws Exception {
    ManualScheduler manual = new ManualScheduler();
    Duration heartbeat = Duration.ofSeconds(15);
    PotoServer server = PotoServer.create(config -> config
        .module(new DrainModule())
        .host("127.0.0.1").port(0)
        .scheduler(manual)
        .streamHeartbeat(heartbeat)
        .streamFlushDelay(Duration.ZERO) // each item flushed as written: no flush timer to drive here
        .drainQuietPeriod(Duration.ZERO)
        .jwt(jwt -> jwt.secret(TestServers.SECRET))).start();
    int runtimeTasks = manual.pending();
    try {
      BufferedReader events = readFirstTick(new TestHttp(server.port()));
      Await.until("the stream's heartbeat is scheduled", () -> manual.pending() > runtimeTasks);

      manual.advance(heartbeat);

      assertThat(events.readLine()).isEmpty(); // the end of the item frame
      assertThat(events.readLine()).isEqualTo(": ping");
      events.close();
    } finally {
      server.stop();
    }
    assertThat(manual.pending()).isZero();
  }

  private static PotoRuntime runtime(java.util.function.Consumer<PotoConfig> extra) {
    PotoConfig config = new PotoConfig().module(new DrainModule()).jwt(jwt -> jwt.secret(TestServers.SECRET));
    extra.accept(config);
    return PotoRuntime.create(config);
  }

  private static BufferedReader readFirstTick(TestHttp http) throws Exception {
    HttpResponse<InputStream> stream = CLIENT.send(
        http.request("/poto/drain/ticks").POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
    assertThat(events.readLine()).isEqualTo("event: item");
    assertThat(events.readLine()).isEqualTo("data: \"tick\"");
    return events;
  }

  private static void assertEnded(SystemTaskScheduler scheduler) {
    assertThat(scheduler.isTerminated()).isTrue();
    assertThat(scheduler.pendingTasks()).isZero();
    assertThat(timerThreadAlive(scheduler)).isFalse();
  }

  private static boolean timerThreadAlive(SystemTaskScheduler scheduler) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(scheduler.threadName()) && t.isAlive());
  }
}
