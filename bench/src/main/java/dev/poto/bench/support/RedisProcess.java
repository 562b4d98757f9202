package dev.poto.bench.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A throw-away {@code redis-server} on a free loopback port, persistence off; stopped on close. */
public final class RedisProcess implements AutoCloseable {
  private final Process process;
  private final int port;
  private final Path workDir;

  private RedisProcess(Process process, int port, Path workDir) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
  }

  public static Optional<Path> findBinary() {
    return Stream.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")
        .map(Path::of)
        .filter(Files::isExecutable)
        .findFirst();
  }

  public static RedisProcess start(Path binary) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Path workDir = Files.createTempDirectory("poto-bench-redis-");
    Process process = new ProcessBuilder(List.of(
            binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--dir", workDir.toString(), "--loglevel", "warning"))
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("redis.log").toFile())
        .start();
    RedisProcess redis = new RedisProcess(process, port, workDir);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String log = Files.readString(workDir.resolve("redis.log"));
        redis.close();
        throw new IllegalStateException("redis-server exited at start:\n" + log);
      }
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        return redis;
      } catch (IOException notYet) {
        TimeUnit.MILLISECONDS.sleep(50); // polling for a child process to listen; not a correctness wait
      }
    }
    redis.close();
    throw new IllegalStateException("redis-server did not listen on port " + port + " within 15 s");
  }

  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
