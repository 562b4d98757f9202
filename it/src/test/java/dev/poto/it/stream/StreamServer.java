package dev.poto.it.stream;

import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** An in-process server with {@link StreamModule} on a loopback ephemeral port. */
final class StreamServer implements AutoCloseable {
  static final String SECRET = "stream-it-secret-stream-it-secret-0123456789";

  final StreamModule module = new StreamModule();
  final PotoServer server;

  StreamServer() {
    server = PotoServer.builder().host("127.0.0.1").port(0).module(module).jwt(j -> j.secret(SECRET)).build().start();
  }

  String url() {
    return "http://127.0.0.1:" + server.port();
  }

  /** A new client logged in as a new visitor. */
  PotoClient visitor() {
    PotoClient client = PotoClient.create(url());
    client.loginAsVisitor();
    return client;
  }

  long openStreams() {
    return server.runtime().streamMetrics().open();
  }

  /** Waits (generously) for a condition that the server reaches asynchronously; fails on timeout. */
  static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  @Override
  public void close() {
    server.stop();
  }
}
