package dev.poto.it.cluster;

import dev.poto.session.redis.RedisServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as a round-robin load balancer in front of the nodes, started in the foreground with
 * a generated configuration (everything it writes stays in {@code dir}). Fails, never skips, when
 * nginx is not installed.
 */
final class NginxBalancer implements AutoCloseable {
  private static final Path BINARY = Path.of(System.getenv().getOrDefault("POTO_NGINX", "/usr/sbin/nginx"));
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Process process;
  private final int port;
  private final Path dir;

  private NginxBalancer(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** Starts nginx on a free loopback port, balancing over the nodes on {@code upstreamPorts}. */
  static NginxBalancer start(List<Integer> upstreamPorts, Path dir) throws IOException, InterruptedException {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException("The multi-node tests need nginx as their load balancer, but " + BINARY
          + " is missing. Install it (Debian/Ubuntu: sudo apt-get install -y nginx-light or nginx; the tests"
          + " start their own nginx, the system service can stay disabled) or point POTO_NGINX at the binary.");
    }
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before nginx binds it
      int port = RedisServerProcess.freePort();
      Path config = dir.resolve("nginx.conf");
      Files.writeString(config, config(upstreamPorts, port, dir), StandardCharsets.UTF_8);
      Process process = new ProcessBuilder(BINARY.toString(), "-p", dir.toString(), "-c", config.toString(),
          "-e", dir.resolve("error.log").toString())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("nginx.out").toFile()))
          .start();
      try {
        awaitListening(process, port, dir);
        return new NginxBalancer(process, port, dir);
      } catch (IllegalStateException e) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        last = e;
      }
    }
    throw last;
  }

  /**
   * The configuration under test, also shown in docs/SCALE-OUT.md. A node that refuses connections or
   * answers 502 is skipped for the next one; a POST already sent to a node that then dies is not
   * replayed (no {@code non_idempotent}), since Poto calls need not be idempotent.
   */
  static String config(List<Integer> upstreamPorts, int port, Path dir) {
    StringBuilder servers = new StringBuilder();
    for (int upstream : upstreamPorts) {
      servers.append("    server 127.0.0.1:").append(upstream).append(" max_fails=1 fail_timeout=10s;\n");
    }
    return """
        daemon off;
        master_process off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log warn;
        events { worker_connections 1024; }
        http {
          log_format upstream '$msec "$request" $status upstream=$upstream_addr/$upstream_status connect=$upstream_connect_time $request_time';
          access_log %1$s/access.log upstream;
          client_body_temp_path %1$s/client_body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
          upstream poto {
        %2$s    keepalive 32;
            keepalive_timeout 1s;
          }
          server {
            listen 127.0.0.1:%3$d;
            location /poto/ {
              proxy_pass http://poto;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_set_header Host $host;
              proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
              proxy_buffering off;
              proxy_connect_timeout 2s;
              proxy_read_timeout 60s;
              proxy_next_upstream error timeout http_502;
              proxy_next_upstream_tries 2;
            }
          }
        }
        """.formatted(dir, servers, port);
  }

  private static void awaitListening(Process process, int port, Path dir) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("nginx exited at start:\n" + read(dir.resolve("error.log"))
            + read(dir.resolve("nginx.out")));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(20); // polling for readiness, not for correctness
      }
    }
    throw new IllegalStateException("nginx did not listen on " + port + " within " + START_TIMEOUT);
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  String errorLog() {
    return read(dir.resolve("error.log"));
  }

  /** The access log's lines of answers that were not 200 (time, request, status, upstreams tried). */
  String failedRequests() {
    return read(dir.resolve("access.log")).lines()
        .filter(line -> !line.contains("\" 200 "))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
