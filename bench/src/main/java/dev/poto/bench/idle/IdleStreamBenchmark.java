package dev.poto.bench.idle;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Http;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Table;
import dev.poto.client.PotoClient;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an open, idle stream costs the server: N streams of {@link IdleModule#watch} (one item, then
 * nothing; a publisher, so no thread while idle), first each on its own connection, then N streams
 * over shared {@code _streams} connections; then the same with {@link IdleModule#watchPulled} (a
 * pulled stream, whose thread stays parked), the same run's comparison. The server runs in a JVM of its own; the scenario reports its live heap after GC per
 * open stream and the time to open them all, then closes every connection and checks that the
 * server's heap and open-stream count are back to their baseline.
 *
 * <p>Each direct stream holds a socket on both sides: N streams need N descriptors in this process
 * and N in the server's, plus a few hundred. A lower {@code ulimit -n} is reported with the fix.
 */
public final class IdleStreamBenchmark {
  /** Opens in flight at once: more only overflows the server's accept queue. */
  private static final int CONCURRENT_OPENS = 64;
  /** Streams per shared connection: the server's default limit. */
  private static final int STREAMS_PER_CONNECTION = 256;
  /** The target: live heap per idle open stream, bytes (10,000 streams in under 100 MB). */
  private static final long TARGET_BYTES_PER_STREAM = 8 * 1024;
  /** Heap still above the baseline after everything closed that counts as "back", bytes. */
  private static final long BASELINE_SLACK = 2L << 20;

  private final BenchOptions options;
  private final PrintStream out;

  public IdleStreamBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    int streams = options.idleStreams();
    out.printf("%n## Idle open streams: %,d streams of benchidle.watch (one item, then idle), pushed and pulled%n%n",
        streams);
    long descriptors = descriptorLimit();
    if (descriptors > 0 && descriptors < streams + 512L) {
      out.printf("NOT RUN: %,d streams need about %,d open files per process, the limit is %,d."
          + " Raise it first (ulimit -n %d, or LimitNOFILE in a systemd unit) or pass --idle-streams=%d%n",
          streams, streams + 512L, descriptors, streams + 1024, Math.max(1, descriptors - 512));
      return;
    }
    String secret = Secrets.newJwtSecret();
    Process server = new ProcessBuilder(javaCommand())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try (PrintWriter commands = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
        BufferedReader answers = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
      commands.println(secret);
      ServerHandle handle = new ServerHandle(commands, answers, server.pid());
      int port = handle.port();
      String token;
      try (PotoClient client = PotoClient.builder("http://127.0.0.1:" + port).build()) {
        token = client.loginAsVisitor().token();
      }
      Table table = new Table("streams", "opened", "open time", "live heap per stream",
          String.format("target ≤ %,d B", TARGET_BYTES_PER_STREAM), "direct buffers per stream", "heap back to baseline");
      out.printf("server in its own JVM (%s), port %d; %d opens in flight at once%n", serverHeapOption(), port,
          CONCURRENT_OPENS);
      // Warm-up: classes loaded, pools and JIT started, so the baseline is the server's steady state.
      new Direct(port, token, PUSHED).measure(handle, Math.min(streams, 200), null);
      new Shared(port, token, PUSHED).measure(handle, Math.min(streams, 200), null);
      new Direct(port, token, PULLED).measure(handle, Math.min(streams, 200), null);
      // Pushed first: the first direct row grows Jetty's buffer pool, which the later rows reuse.
      // The same run's comparison: a pulled stream keeps its thread parked while idle.
      double directPushed = new Direct(port, token, PUSHED).measure(handle, streams, table);
      double directPulled = new Direct(port, token, PULLED).measure(handle, streams, table);
      double sharedPushed = new Shared(port, token, PUSHED).measure(handle, streams, table);
      double sharedPulled = new Shared(port, token, PULLED).measure(handle, streams, table);
      out.println();
      out.print(table.render());
      out.printf("%npushed against pulled, same run: direct %,.0f B against %,.0f B per stream (%+,.0f B),"
              + " shared %,.0f B against %,.0f B (%+,.0f B); target ≤ %,d B per idle stream%n",
          directPushed, directPulled, directPushed - directPulled, sharedPushed, sharedPulled,
          sharedPushed - sharedPulled, TARGET_BYTES_PER_STREAM);
      out.println("\nlive heap per stream = (server heap after GC with all streams open - before) / streams;"
          + " direct buffers per stream: the same for memory outside the heap (Jetty's pooled buffers; the"
          + " first direct row grows the pool, later rows reuse it and show 0);"
          + " back to baseline: after every connection closed and every close handler ran, within "
          + (BASELINE_SLACK >> 20) + " MiB, and the same after a second round of as many streams"
          + " (\"bounded\": the first round left a pool that the second reused, it did not grow).");
      commands.println("quit");
    } finally {
      if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroy();
      }
    }
  }

  /** The pushed stream ({@code Flow.Publisher}, no thread while idle). */
  private static final String PUSHED = "watch";
  /** The pulled stream ({@code Stream}, its thread parked while idle). */
  private static final String PULLED = "watchPulled";

  /** One way of opening streams; {@link #measure} opens N, measures, closes them and checks the baseline. */
  private abstract class Mode {
    final int port;
    final String token;
    final String method;
    final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    Mode(int port, String token, String method) {
      this.port = port;
      this.token = token;
      this.method = method;
    }

    abstract String connections();

    String name() {
      return connections() + (method.equals(PUSHED) ? ", pushed (Flow.Publisher)" : ", pulled (Stream, parked thread)");
    }

    /** Opens {@code count} streams; true when every one delivered its first item. */
    abstract int open(int count) throws Exception;

    /** Opens {@code count} streams, measures, closes them; the live heap per open stream (0 for a warm-up). */
    double measure(ServerHandle server, int count, Table table) throws Exception {
      ServerHandle.State before = server.state();
      boolean histograms = table != null && System.getenv("POTO_BENCH_HISTOGRAM") != null;
      Map<String, long[]> baseline = histograms ? histogram(server.pid) : Map.of();
      long start = System.nanoTime();
      int opened = openOrClose(count);
      double seconds = (System.nanoTime() - start) / 1e9;
      ServerHandle.State open = server.state();
      if (histograms) {
        out.printf("    what grew with %,d streams open (class histograms before and after; per stream):%n", opened);
        printGrowth(baseline, histogram(server.pid), Math.max(1, opened));
        threadDump(server.pid);
        heapDump(server.pid, "open");
      }
      closeAll();
      ServerHandle.State after = server.awaitStreams(before.streams());
      if (table == null) {
        return 0;
      }
      if (histograms) {
        out.printf("    what is left after all %,d closed (class histograms before opening and after closing; per stream):%n",
            opened);
        printGrowth(baseline, histogram(server.pid), Math.max(1, opened));
        heapDump(server.pid, "closed");
      }
      // A second round: what the first left behind is a bounded pool if this one ends at the same level.
      int reopened = openOrClose(count);
      closeAll();
      ServerHandle.State again = server.awaitStreams(before.streams());
      double perStream = (open.heap() - before.heap()) / (double) Math.max(1, opened);
      double directPerStream = (open.direct() - before.direct()) / (double) Math.max(1, opened);
      long left = after.heap() - before.heap();
      long leftAgain = again.heap() - after.heap();
      boolean noStreamLeft = after.streams() == before.streams() && again.streams() == before.streams();
      String baselineVerdict;
      if (!noStreamLeft) {
        baselineVerdict = "NO";
      } else if (left <= BASELINE_SLACK && again.heap() - before.heap() <= BASELINE_SLACK) {
        baselineVerdict = "yes";
      } else if (leftAgain <= BASELINE_SLACK) {
        baselineVerdict = "bounded: round 2 ends at round 1's level";
      } else {
        baselineVerdict = "NO: grows every round";
      }
      out.printf("  %s: %,d of %,d opened in %.2f s; server heap %,d -> %,d -> %,d bytes, after a second round of %,d"
              + " %,d bytes; direct buffers %,d -> %,d -> %,d bytes; open streams %d -> %d -> %d -> %d,"
              + " threads %d -> %d -> %d%n", name(), opened, count, seconds, before.heap(), open.heap(), after.heap(),
          reopened, again.heap(), before.direct(), open.direct(), after.direct(), before.streams(), open.streams(),
          after.streams(), again.streams(), before.threads(), open.threads(), after.threads());
      table.row(name(), String.format("%,d / %,d", opened, count), String.format("%.2f s", seconds),
          String.format("%,.0f B", perStream), perStream <= TARGET_BYTES_PER_STREAM ? "met" : "NOT met",
          String.format("%,.0f B", directPerStream),
          baselineVerdict + String.format(" (%+,.1f MiB, round 2 %+,.1f MiB, %d streams left)", left / 1048576.0,
              leftAgain / 1048576.0, again.streams() - before.streams()));
      return perStream;
    }

    /** Opens {@code count} streams; on a failure closes what was opened before passing it on. */
    private int openOrClose(int count) throws Exception {
      try {
        return open(count);
      } catch (Exception e) {
        closeAll();
        throw e;
      }
    }

    void closeAll() {
      synchronized (sockets) {
        for (Socket socket : sockets) {
          try {
            socket.close();
          } catch (IOException ignored) {
            // closing is all that is asked
          }
        }
        sockets.clear();
      }
    }

    /** Runs {@code count} tasks with at most {@link #CONCURRENT_OPENS} at once; the number that succeeded. */
    int inParallel(int count, Task task) throws Exception {
      Semaphore slots = new Semaphore(CONCURRENT_OPENS);
      List<Future<Boolean>> results = new ArrayList<>(count);
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < count; i++) {
          int index = i;
          slots.acquire();
          results.add(pool.submit(() -> {
            try {
              return task.run(index);
            } finally {
              slots.release();
            }
          }));
        }
      }
      int ok = 0;
      String firstFailure = null;
      for (Future<Boolean> result : results) {
        try {
          if (result.get()) {
            ok++;
          }
        } catch (java.util.concurrent.ExecutionException e) {
          if (firstFailure == null) {
            firstFailure = String.valueOf(e.getCause());
          }
        }
      }
      if (firstFailure != null) {
        out.println("  first failure: " + firstFailure);
      }
      return ok;
    }
  }

  private interface Task {
    boolean run(int index) throws Exception;
  }

  /** Each stream on its own connection: POST, then read until the first item has arrived. */
  private final class Direct extends Mode {
    Direct(int port, String token, String method) {
      super(port, token, method);
    }

    @Override
    String connections() {
      return "direct (one connection each)";
    }

    @Override
    int open(int count) throws Exception {
      byte[] request = ("POST /poto/benchidle/" + method + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nAuthorization: Bearer " + token
          + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII);
      return inParallel(count, index -> {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(request);
        return readUntil(socket.getInputStream(), "event: item\ndata: ") != null;
      });
    }
  }

  /** Streams over shared connections, {@value #STREAMS_PER_CONNECTION} per connection. */
  private final class Shared extends Mode {
    private final List<String> connectionIds = new ArrayList<>();

    Shared(int port, String token, String method) {
      super(port, token, method);
    }

    @Override
    String connections() {
      return "shared (" + STREAMS_PER_CONNECTION + " per _streams connection)";
    }

    @Override
    int open(int count) throws Exception {
      int connections = (count + STREAMS_PER_CONNECTION - 1) / STREAMS_PER_CONNECTION;
      byte[] request = ("POST /poto/_streams HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nAuthorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      Pattern idPattern = Pattern.compile("\"connection\":\"([A-Za-z0-9_-]+)\"");
      connectionIds.clear(); // a second round opens connections of its own
      for (int c = 0; c < connections; c++) {
        Socket socket = new Socket();
        sockets.add(socket);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
        socket.getOutputStream().write(request);
        InputStream in = socket.getInputStream();
        String opened = readUntil(in, "\"maxStreams\"");
        Matcher id = idPattern.matcher(opened == null ? "" : opened);
        if (!id.find()) {
          throw new IllegalStateException("no connection id in the open frame: " + opened);
        }
        connectionIds.add(id.group(1));
        Thread.ofVirtual().start(() -> drain(in)); // the client of a shared connection must keep reading
      }
      String url = "http://127.0.0.1:" + port + "/poto/benchidle/" + method;
      return inParallel(count, index -> {
        HttpResponse<String> answer = Http.post(url, "{}", Map.of(
            "Authorization", "Bearer " + token, "Content-Type", "application/json",
            "Poto-Stream-Connection", connectionIds.get(index / STREAMS_PER_CONNECTION),
            "Poto-Stream-Id", "s" + index));
        return answer.statusCode() == 200;
      });
    }

    private static void drain(InputStream in) {
      byte[] sink = new byte[8192];
      try {
        while (in.read(sink) >= 0) {
          // frames of every stream on the connection: counted by the server, not here
        }
      } catch (IOException closed) {
        // the scenario closed the socket
      }
    }
  }

  /** Reads until {@code marker} has arrived; what was read, or null at the end of the input. */
  private static String readUntil(InputStream in, String marker) throws IOException {
    StringBuilder seen = new StringBuilder();
    byte[] chunk = new byte[2048];
    while (seen.indexOf(marker) < 0) {
      int n = in.read(chunk);
      if (n < 0) {
        return null;
      }
      seen.append(new String(chunk, 0, n, StandardCharsets.ISO_8859_1));
      if (seen.length() >= 12 && seen.indexOf("HTTP/1.1 ") == 0 && seen.indexOf("HTTP/1.1 200") != 0) {
        throw new IOException("the server answered " + seen.substring(0, Math.min(seen.length(), 400)));
      }
    }
    return seen.toString();
  }

  /** The server process: its port, and its live heap and open streams on request. */
  private static final class ServerHandle {
    record State(long heap, int streams, int threads, long direct) {}

    private final PrintWriter commands;
    private final BufferedReader answers;
    final long pid;

    ServerHandle(PrintWriter commands, BufferedReader answers, long pid) {
      this.commands = commands;
      this.answers = answers;
      this.pid = pid;
    }

    int port() throws IOException {
      String line = answers.readLine();
      if (line == null || !line.startsWith("port ")) {
        throw new IllegalStateException("the idle-stream server did not start: " + line);
      }
      return Integer.parseInt(line.substring(5).trim());
    }

    State state() throws IOException {
      commands.println("heap");
      String line = answers.readLine();
      if (line == null) {
        throw new IllegalStateException("the idle-stream server stopped");
      }
      String[] parts = line.split(" ");
      return new State(Long.parseLong(parts[1]), Integer.parseInt(parts[3]), Integer.parseInt(parts[5]),
          Long.parseLong(parts[7]));
    }

    /**
     * Waits for the open-stream count to fall back to {@code streams}: as long as it keeps falling
     * (a loaded machine takes a while to notice thousands of closed connections), giving up after
     * 30 s without progress or 10 minutes in all.
     */
    State awaitStreams(int streams) throws IOException, InterruptedException {
      long start = System.nanoTime();
      long lastProgress = start;
      int lastCount = Integer.MAX_VALUE;
      while (true) {
        int open = openStreams();
        long now = System.nanoTime();
        if (open < lastCount) {
          lastCount = open;
          lastProgress = now;
        }
        if (open <= streams || now - lastProgress > 30_000_000_000L || now - start > 600_000_000_000L) {
          return state();
        }
        Thread.sleep(1000);
      }
    }

    /** The open-stream count alone, without the collections {@link #state} runs. */
    int openStreams() throws IOException {
      commands.println("count");
      String line = answers.readLine();
      if (line == null) {
        throw new IllegalStateException("the idle-stream server stopped");
      }
      return Integer.parseInt(line.substring("streams ".length()).trim());
    }
  }

  /** The server's class histogram (a full collection first): class name to {instances, bytes}. */
  private static Map<String, long[]> histogram(long pid) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(jcmd(), Long.toString(pid), "GC.class_histogram").redirectErrorStream(true).start();
    List<String> lines = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    process.waitFor();
    Pattern row = Pattern.compile("\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+).*");
    Map<String, long[]> classes = new java.util.HashMap<>();
    for (String line : lines) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        classes.put(m.group(3), new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
      }
    }
    return classes;
  }

  /** With POTO_BENCH_HISTOGRAM set: the classes that grew most between two histograms, per stream. */
  private void printGrowth(Map<String, long[]> before, Map<String, long[]> open, int streams) {
    record Growth(String name, long instances, long bytes) {}
    List<Growth> growth = new ArrayList<>();
    open.forEach((name, now) -> {
      long[] was = before.getOrDefault(name, new long[2]);
      growth.add(new Growth(name, now[0] - was[0], now[1] - was[1]));
    });
    growth.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
    long total = growth.stream().mapToLong(Growth::bytes).sum();
    for (Growth g : growth.subList(0, Math.min(60, growth.size()))) {
      out.printf("    %,10.0f B %7.2f instances  %s%n", g.bytes() / (double) streams, g.instances() / (double) streams, g.name());
    }
    out.printf("    %,10.0f B in all classes%n", total / (double) streams);
  }

  /** A thread dump of the server, to see what an open stream's thread holds. */
  private void threadDump(long pid) throws IOException, InterruptedException {
    Path dump = java.nio.file.Files.createTempFile("poto-idle-threads", ".txt");
    java.nio.file.Files.delete(dump);
    new ProcessBuilder(jcmd(), Long.toString(pid), "Thread.dump_to_file", dump.toString()).redirectErrorStream(true)
        .start().waitFor();
    out.println("    thread dump: " + dump);
  }

  /** With POTO_BENCH_HEAPDUMP=directory as well: a heap dump of the server, to find what holds what. */
  private void heapDump(long pid, String when) throws IOException, InterruptedException {
    String directory = System.getenv("POTO_BENCH_HEAPDUMP");
    if (directory == null) {
      return;
    }
    Path dump = Path.of(directory).toAbsolutePath().resolve("poto-idle-" + pid + "-" + when + "-" + System.nanoTime() + ".hprof");
    new ProcessBuilder(jcmd(), Long.toString(pid), "GC.heap_dump", dump.toString()).redirectErrorStream(true)
        .start().waitFor();
    out.println("    heap dump (" + when + "): " + dump);
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }

  private static String serverHeapOption() {
    return "-Xmx1g, G1";
  }

  private static List<String> javaCommand() throws URISyntaxException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return List.of(java, "-Xmx1g", "-XX:+UseG1GC", "-cp", classPath(), IdleStreamServer.class.getName());
  }

  /** The class path this scenario runs with (Maven's exec plugin keeps it in a class loader, not java.class.path). */
  private static String classPath() throws URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    if (IdleStreamBenchmark.class.getClassLoader() instanceof URLClassLoader loader) {
      for (URL url : loader.getURLs()) {
        entries.add(Path.of(url.toURI()).toString());
      }
    }
    if (entries.isEmpty()) {
      entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    }
    return String.join(File.pathSeparator, entries);
  }

  /** The soft limit on open files of this process, or -1 when it cannot be read. */
  private static long descriptorLimit() {
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/self/limits"))) {
        if (line.startsWith("Max open files")) {
          String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
          return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: say nothing
    }
    return -1;
  }
}
