package dev.poto.session.redis;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests: loopback only, no persistence, started on a free port and
 * stopped on {@link #close()}. Fails (never skips) when the binary is missing, saying how to install it.
 * Also used by the multi-node tests, so it depends on nothing but the JDK.
 */
public final class RedisServerProcess implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

  private final Path binary;
  private final int port;
  private final List<String> extraArgs;
  private final String sentinelConfig;
  private final Path workDir;
  private Process process;

  private RedisServerProcess(Path binary, int port, List<String> extraArgs, String sentinelConfig) throws IOException {
    this.binary = binary;
    this.port = port;
    this.extraArgs = List.copyOf(extraArgs);
    this.sentinelConfig = sentinelConfig;
    this.workDir = Files.createTempDirectory("poto-redis-" + port + "-");
  }

  /** Starts Redis on a free loopback port; {@code extraArgs} are more server options ("--requirepass", "x"). */
  public static RedisServerProcess start(String... extraArgs) {
    return startNew(null, extraArgs);
  }

  /**
   * Starts a Redis Sentinel on a free loopback port with {@code config} as its (writable) configuration
   * file, for example {@code sentinel monitor ...} lines.
   */
  public static RedisServerProcess startSentinel(String config) {
    return startNew(config);
  }

  private static RedisServerProcess startNew(String sentinelConfig, String... extraArgs) {
    Path binary = findBinary();
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) { // a free port can be taken before Redis binds it
      try {
        RedisServerProcess server = new RedisServerProcess(binary, freePort(), List.of(extraArgs), sentinelConfig);
        server.launch();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw last;
  }

  /** A loopback port nobody listens on at the moment (for "Redis is not there" tests). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** {@code redis://127.0.0.1:<port>} (add credentials yourself when started with --requirepass). */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL, like a crash; waits until the process is gone. */
  public void kill() {
    if (isRunning()) {
      process.destroyForcibly();
      waitForExit();
    }
  }

  /** SIGTERM (a clean shutdown), then SIGKILL if it lingers. */
  public void stop() {
    if (isRunning()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        kill();
      }
    }
  }

  /** Starts the server again on the same port with the same options (after {@link #kill} or {@link #stop}). */
  public void restart() {
    if (isRunning()) {
      throw new IllegalStateException("redis-server on port " + port + " is still running");
    }
    launch();
  }

  /** SIGSTOP: the server keeps its connections but answers nothing, like a hung host. */
  public void pause() {
    signal("-STOP");
  }

  /** SIGCONT after {@link #pause()}. */
  public void resume() {
    signal("-CONT");
  }

  /**
   * Runs one command over a fresh plain connection (authenticating if the server was started with
   * --requirepass) and returns a simple, integer or bulk reply as text; an error reply throws.
   */
  public String command(String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
      int passwordAt = extraArgs.indexOf("--requirepass");
      if (passwordAt >= 0) {
        send(out, "AUTH", extraArgs.get(passwordAt + 1));
        readReply(in);
      }
      send(out, args);
      return readReply(in);
    } catch (IOException e) {
      throw new UncheckedIOException("redis-server on port " + port + ": " + e.getMessage(), e);
    }
  }

  private static void send(OutputStream out, String... args) throws IOException {
    StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(arg).append("\r\n");
    }
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static String readReply(DataInputStream in) throws IOException {
    String line = readLine(in);
    return switch (line.charAt(0)) {
      case '+', ':' -> line.substring(1);
      case '-' -> throw new IllegalStateException("Redis answered " + line.substring(1));
      case '$' -> {
        int length = Integer.parseInt(line.substring(1));
        if (length < 0) {
          yield null;
        }
        byte[] body = in.readNBytes(length + 2); // the value and its CRLF
        yield new String(body, 0, length, StandardCharsets.UTF_8);
      }
      default -> throw new IllegalStateException("unsupported Redis reply: " + line);
    };
  }

  private static String readLine(DataInputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    if (line.isEmpty()) {
      throw new IOException("connection closed without a reply");
    }
    return line.toString();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      signal("-CONT"); // a paused server cannot act on SIGTERM
    }
    stop();
    try (Stream<Path> files = Files.walk(workDir)) {
      files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException ignored) {
      // a leftover temp directory is harmless
    }
  }

  private void launch() {
    List<String> command = new ArrayList<>();
    command.add(binary.toString());
    if (sentinelConfig != null) {
      Path config = workDir.resolve("sentinel.conf");
      try {
        if (!Files.exists(config)) { // a restarted sentinel keeps what it learned
          Files.writeString(config, sentinelConfig);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      command.addAll(List.of(config.toString(), "--sentinel"));
    } else {
      command.addAll(List.of("--save", "", "--appendonly", "no"));
    }
    command.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--daemonize", "no", "--dir", workDir.toString(), "--logfile", ""));
    command.addAll(extraArgs);
    File log = workDir.resolve("redis.log").toFile();
    try {
      process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    } catch (IOException e) {
      throw new IllegalStateException("Could not run " + binary + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited at start:\n" + logTail());
      }
      if (answersPing()) {
        return;
      }
      try {
        Thread.sleep(20); // polling for readiness, not for correctness
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    process.destroyForcibly();
    waitForExit();
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING in "
        + START_TIMEOUT.toSeconds() + " s:\n" + logTail());
  }

  // A PING without credentials answers +PONG, or -NOAUTH when --requirepass is set: both mean it is up.
  private boolean answersPing() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
      socket.setSoTimeout(1000);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      return line != null && (line.equals("+PONG") || line.startsWith("-NOAUTH"));
    } catch (IOException e) {
      return false;
    }
  }

  private void waitForExit() {
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server on port " + port + " did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signal(String signal) {
    try {
      Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve("redis.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static Path findBinary() {
    String override = System.getenv("POTO_REDIS_SERVER");
    if (override != null && !override.isBlank()) {
      Path path = Path.of(override);
      if (Files.isExecutable(path)) {
        return path;
      }
      throw new IllegalStateException("POTO_REDIS_SERVER=" + override + " is not an executable redis-server");
    }
    List<Path> candidates = new ArrayList<>();
    String pathVariable = System.getenv().getOrDefault("PATH", "");
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, "redis-server"));
      }
    }
    candidates.addAll(List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/sbin/redis-server"),
        Path.of("/usr/local/bin/redis-server")));
    return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
        new IllegalStateException("These tests need a real Redis, but no redis-server binary was found on"
            + " PATH or in /usr/bin, /usr/sbin, /usr/local/bin. Install it (Debian/Ubuntu: sudo apt-get install"
            + " -y redis-server; the tests start and stop their own server, the system service can stay"
            + " disabled) or point POTO_REDIS_SERVER at the binary."));
  }
}
