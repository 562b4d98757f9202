package dev.poto.bench.idle;

import dev.poto.runtime.PotoServer;
import dev.poto.runtime.multiplex.StreamConnectionLimits;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The server side of the idle-stream scenario, in a JVM of its own so that its heap holds nothing of
 * the client's. Reads the JWT secret from the first line of stdin (never from its command line, which
 * {@code ps} shows), prints {@code port N}, then answers commands read from stdin, one per line:
 * {@code heap} prints {@code heap <live bytes after GC> streams <open> threads <live platform threads>
 * direct <bytes of direct buffers>} (the direct buffers Jetty's pool and the sockets hold: memory
 * outside the heap that an open stream may also keep);
 * {@code count} prints {@code streams <open>};
 * {@code quit} stops the server.
 */
public final class IdleStreamServer {
  private IdleStreamServer() {}

  public static void main(String[] args) throws Exception {
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String secret = commands.readLine();
    IdleModule module = new IdleModule();
    try (PotoServer server = PotoServer.builder().host("127.0.0.1").port(0).module(module)
            .jwt(jwt -> jwt.secret(secret))
            // One user opens every shared connection of the scenario: more than the default 8 per user.
            .configure(config -> config.streamConnectionLimits(new StreamConnectionLimits(
                StreamConnectionLimits.DEFAULT.maxConnections(), StreamConnectionLimits.DEFAULT.maxStreamsPerConnection(),
                StreamConnectionLimits.DEFAULT.maxConnections())))
            .build().start()) {
      System.out.println("port " + server.port());
      System.out.flush();
      String command;
      while ((command = commands.readLine()) != null && !command.equals("quit")) {
        if (command.equals("count")) {
          System.out.println("streams " + module.openStreams());
          System.out.flush();
        } else if (command.equals("heap")) {
          System.out.println("heap " + liveHeapAfterGc() + " streams " + module.openStreams()
              + " threads " + ManagementFactory.getThreadMXBean().getThreadCount() + " direct " + directBytes());
          System.out.flush();
        }
      }
    }
  }

  /** Bytes held by direct buffers (after the collections of {@link #liveHeapAfterGc}, unreachable ones are freed). */
  static long directBytes() {
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      if (pool.getName().equals("direct")) {
        return pool.getMemoryUsed();
      }
    }
    return -1;
  }

  /** Used heap after full collections, taken until it stops shrinking: the live set. */
  static long liveHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      long now = runtime.totalMemory() - runtime.freeMemory();
      if (now >= used - (used >> 10)) { // within 0.1% of the last: settled
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
