package dev.poto.runtime.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A real Javalin 7 / Jetty 12 server: the watcher must notice a caller that leaves an idle call. */
class DisconnectWatcherTest {
  final CountDownLatch callStarted = new CountDownLatch(1);
  final CountDownLatch callEnded = new CountDownLatch(1);
  final AtomicBoolean cancelled = new AtomicBoolean();
  final AtomicBoolean interrupted = new AtomicBoolean();
  final AtomicLong noticedAfterNanos = new AtomicLong();
  volatile long closedAtNanos;
  Javalin app;

  void start() {
    app = Javalin.create(config -> {
          config.routes.post("/slow", ctx -> {
            ctx.bodyAsBytes(); // the watcher starts once the body has been read
            RequestContext call = new RequestContext("r", new PotoUser("u", Set.of()), Map.of(), Map.of(), null);
            try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(call.cancellation());
                DisconnectWatcher watcher =
                    DisconnectWatcher.watch(ctx, () -> call.cancellation().cancel(CancelReasons.CLIENT_GONE))) {
              callStarted.countDown();
              try {
                new CountDownLatch(1).await(30, TimeUnit.SECONDS); // an idle unary method
              } catch (InterruptedException e) {
                interrupted.set(true);
                noticedAfterNanos.set(System.nanoTime() - closedAtNanos);
              }
              cancelled.set(call.cancellation().isCancelled());
            } finally {
              callEnded.countDown();
            }
            ctx.result("done");
          });
          config.routes.post("/quick", ctx -> {
            ctx.bodyAsBytes();
            try (DisconnectWatcher watcher = DisconnectWatcher.watch(ctx, () -> cancelled.set(true))) {
              ctx.result("quick");
            }
          });
        }).start("127.0.0.1", 0);
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop();
    }
  }

  static void post(OutputStream out, String path) throws Exception {
    out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Test
  void aCallerClosingTheConnectionCancelsAndInterruptsAnIdleCall() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      post(socket.getOutputStream(), "/slow");
      assertThat(callStarted.await(10, TimeUnit.SECONDS)).isTrue();
      closedAtNanos = System.nanoTime();
    }

    // Generous wait (no timing assertions here); without the watcher the call would sit for 30 s.
    assertThat(callEnded.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(interrupted).isTrue();
    assertThat(cancelled).isTrue();
    System.out.printf("DisconnectWatcher noticed the departed caller after %d ms%n",
        TimeUnit.NANOSECONDS.toMillis(noticedAfterNanos.get()));
  }

  @Test
  void aWatchedCallThatEndsNormallyLeavesTheConnectionReusable() throws Exception {
    start();
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(10_000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      for (int i = 0; i < 3; i++) {
        post(socket.getOutputStream(), "/quick");
        assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
        int length = 0;
        for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
          assertThat(line).doesNotContainIgnoringCase("connection: close");
          if (line.toLowerCase().startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        char[] body = new char[length];
        assertThat(in.read(body)).isEqualTo(5);
        assertThat(new String(body)).isEqualTo("quick");
      }
    }
    assertThat(cancelled).as("a caller that stays is never reported gone").isFalse();
  }
}
