package dev.poto.bench.stream;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * MB/s of a large {@code InputStream} result (100 MiB by default), in one run, in alternating rounds:
 * Poto through its generated Java client, and the floors that say what limits it.
 * <ul>
 *   <li><b>Poto</b> read by the generated Java client, by the JDK's HTTP client with
 *       {@code BodyHandlers.ofInputStream()}, by curl writing to /dev/null and by a raw socket reader
 *       (one reused direct buffer, nothing decoded): the same server, so the gaps are the clients';
 *   <li><b>hand-written Javalin</b>: the copy loop Poto used before (read 64 KiB, write, flush) and
 *       {@code InputStream.transferTo(response output)}, read by the JDK's HTTP client;
 *   <li><b>floors</b>: a bare Jetty handler (no servlet layer, no Javalin, no source stream) writing
 *       from one preallocated direct buffer, with Content-Length and chunked, read by the raw socket
 *       reader, the JDK's HTTP client and curl; and the source {@code InputStream} read alone.
 * </ul>
 * Each side reports the process's CPU time per MB (clients and servers share the JVM; curl's own CPU
 * is not counted) and its live heap after the transfer against before it (the body is produced on
 * demand: a flat heap means nothing holds it).
 */
public final class BinaryBenchmark {
  /** The target: MB/s (10^6 bytes) of a 100 MiB InputStream result on loopback. */
  static final double TARGET_MB_PER_SECOND = 1000;
  private static final String POTO = "Poto (generated client)";
  private static final String POTO_VIA_JDK = "Poto, generated client through the JDK HttpClient (directBinary off)";
  private static final String CHUNKED_PATH = "/hand/blob-chunked";
  private static final String TRANSFER_PATH = "/hand/blob-transfer";

  private final BenchOptions options;
  private final PrintStream out;

  public BinaryBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** One way of getting the bytes: downloads {@code bytes} and returns how many arrived. */
  private interface Side {
    long download(long bytes) throws IOException, InterruptedException;
  }

  public void run() throws Exception {
    long bytes = options.blobBytes();
    int rounds = Math.max(1, options.rounds());
    out.printf("%n## Binary result: MB/s of a %,d MiB InputStream, Poto and hand-written Javalin, same run%n%n",
        bytes >> 20);
    Javalin hand = Javalin.create(config -> {
      config.concurrency.useVirtualThreads = true;
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.jetty.host = "127.0.0.1";
      config.jetty.port = 0;
      config.routes.post(CHUNKED_PATH, BinaryBenchmark::chunked);
      config.routes.post(TRANSFER_PATH, BinaryBenchmark::transfer);
    });
    try (PotoServer server = PotoServer.builder().host("127.0.0.1").port(0).module(new StreamModule())
            .jwt(jwt -> jwt.secret(Secrets.newJwtSecret())).build().start();
        PotoClient client = PotoClient.builder("http://127.0.0.1:" + server.port())
            .requestTimeout(Duration.ofMinutes(10)).build();
        PotoClient viaJdk = PotoClient.builder("http://127.0.0.1:" + server.port())
            .requestTimeout(Duration.ofMinutes(10)).directBinary(false).build();
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        RawJettyBlobServer jetty = new RawJettyBlobServer()) {
      hand.start();
      boolean curl = hasCurl();
      client.loginAsVisitor();
      StreamModuleClient bench = new StreamModuleClient(client);
      viaJdk.loginAsVisitor();
      StreamModuleClient benchViaJdk = new StreamModuleClient(viaJdk);
      String handBase = "http://127.0.0.1:" + hand.port();
      RawHttpReader raw = new RawHttpReader();
      int potoPort = server.port();
      String token = client.token();
      String blobPath = "/poto/benchstream/blob";
      Map<String, Side> sides = new LinkedHashMap<>();
      sides.put(POTO, n -> read(bench.blob(n)));
      sides.put(POTO_VIA_JDK, n -> read(benchViaJdk.blob(n)));
      sides.put("Poto, raw socket client", n -> atLeast(n, raw.post(potoPort, blobPath, token, "{\"bytes\":" + n + "}")));
      if (curl) {
        sides.put("Poto, curl > /dev/null", n -> curl(potoPort, blobPath, token, "{\"bytes\":" + n + "}"));
      }
      sides.put("Poto, JDK HttpClient", n -> read(plain, "http://127.0.0.1:" + potoPort + blobPath, token,
          "{\"bytes\":" + n + "}"));
      sides.put("hand-written, 64 KiB chunks + flush (Poto's copy before)", n -> read(plain, handBase + CHUNKED_PATH + "?bytes=" + n, null, ""));
      sides.put("hand-written, InputStream.transferTo", n -> read(plain, handBase + TRANSFER_PATH + "?bytes=" + n, null, ""));
      sides.put("floor: raw Jetty, direct buffer, Content-Length, raw socket client",
          n -> raw.post(jetty.port(), RawJettyBlobServer.LENGTH_PATH + "?bytes=" + n, null, ""));
      sides.put("floor: raw Jetty, direct buffer, chunked, raw socket client",
          n -> atLeast(n, raw.post(jetty.port(), RawJettyBlobServer.CHUNKED_PATH + "?bytes=" + n, null, "")));
      sides.put("floor: raw Jetty, direct buffer, Content-Length, JDK HttpClient",
          n -> read(plain, "http://127.0.0.1:" + jetty.port() + RawJettyBlobServer.LENGTH_PATH + "?bytes=" + n, null, ""));
      sides.put("floor: raw Jetty, direct buffer, chunked, JDK HttpClient",
          n -> read(plain, "http://127.0.0.1:" + jetty.port() + RawJettyBlobServer.CHUNKED_PATH + "?bytes=" + n, null, ""));
      if (curl) {
        sides.put("floor: raw Jetty, direct buffer, Content-Length, curl > /dev/null",
            n -> curl(jetty.port(), RawJettyBlobServer.LENGTH_PATH + "?bytes=" + n, null, ""));
      }
      sides.put("floor: the source InputStream alone (no HTTP)", n -> read(new PatternInputStream(n)));
      out.printf("setup: 1 warm-up of %,d MiB per side, then %d round(s), the order of the sides reversed each"
          + " round; one JVM%n", Math.min(bytes, 20L << 20) >> 20, rounds);
      for (Side side : sides.values()) {
        checked(side, Math.min(bytes, 20L << 20));
      }
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      Map<String, List<Double>> cpu = new LinkedHashMap<>();
      Map<String, List<Double>> heapGrowth = new LinkedHashMap<>();
      sides.keySet().forEach(name -> {
        rates.put(name, new ArrayList<>());
        cpu.put(name, new ArrayList<>());
        heapGrowth.put(name, new ArrayList<>());
      });
      List<String> order = new ArrayList<>(sides.keySet());
      for (int round = 1; round <= rounds; round++) {
        for (String name : order) {
          long heapBefore = liveHeap();
          long cpuStart = StreamBenchmark.processCpuNanos();
          long start = System.nanoTime();
          checked(sides.get(name), bytes);
          double seconds = (System.nanoTime() - start) / 1e9;
          double cpuMs = (StreamBenchmark.processCpuNanos() - cpuStart) / 1e6;
          long heapAfter = liveHeap();
          double mbPerSecond = bytes / 1e6 / seconds;
          rates.get(name).add(mbPerSecond);
          cpu.get(name).add(cpuMs / (bytes / 1e6));
          heapGrowth.get(name).add((heapAfter - heapBefore) / 1e6);
          out.printf("  round %d, %s: %.3f s = %,.0f MB/s; %.2f ms of CPU per MB; live heap %+.1f MB%n",
              round, name, seconds, mbPerSecond, cpuMs / (bytes / 1e6), (heapAfter - heapBefore) / 1e6);
        }
        java.util.Collections.reverse(order);
      }
      Table table = new Table("side", "MB/s (median)", "vs Poto", "CPU ms per MB", "live heap after - before",
          String.format("target ≥ %,.0f MB/s", TARGET_MB_PER_SECOND));
      double poto = Stats.median(rates.get(POTO));
      for (String name : sides.keySet()) {
        double rate = Stats.median(rates.get(name));
        table.row(name, Table.fmt(rate), Table.ratio(rate / poto), String.format("%.2f", Stats.median(cpu.get(name))),
            String.format("%+.1f MB", Stats.median(heapGrowth.get(name))),
            name.startsWith("Poto") ? (rate >= TARGET_MB_PER_SECOND ? "met" : "NOT met") : "");
      }
      out.println();
      out.print(table.render());
      out.println("\nvs Poto = the side's median MB/s / Poto's (generated client). The Poto rows share one server, so"
          + " their gaps are the clients'; Poto's raw-socket row against the raw Jetty rows is the server's"
          + " distance from the floor.");
      double potoCpu = Stats.median(cpu.get(POTO));
      out.printf("%nGenerated Java client: %,.0f MB/s (target ≥ %,.0f MB/s: %s), %.2f ms of CPU per MB; through the JDK"
              + " HttpClient in this run %,.0f MB/s (%sx), %.2f ms per MB; raw socket floor %,.0f MB/s%n",
          poto, TARGET_MB_PER_SECOND, poto >= TARGET_MB_PER_SECOND ? "met" : "NOT met", potoCpu,
          Stats.median(rates.get(POTO_VIA_JDK)), Table.fmt(poto / Stats.median(rates.get(POTO_VIA_JDK))),
          Stats.median(cpu.get(POTO_VIA_JDK)), Stats.median(rates.get("Poto, raw socket client")));
      out.printf("%n### The same InputStream result read by the generated TypeScript client in Node, same server%n%n");
      new TypeScriptBinaryClient(out).measure("http://127.0.0.1:" + potoPort, bytes, rounds);
    } finally {
      hand.stop();
    }
  }

  private static void checked(Side side, long bytes) throws IOException, InterruptedException {
    long got = side.download(bytes);
    if (got != bytes) {
      throw new IllegalStateException("expected " + bytes + " bytes, got " + got);
    }
  }

  private static long read(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    try (in) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        total += n;
      }
    }
    return total;
  }

  private static long read(HttpClient client, String url, String token, String json)
      throws IOException, InterruptedException {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
        .POST(json.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
    }
    HttpRequest request = builder.build();
    HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      response.body().close();
      throw new IOException("the hand-written handler answered " + response.statusCode());
    }
    return read(response.body());
  }

  /** A chunked answer read raw carries a few bytes of framing besides the payload. */
  private static long atLeast(long expected, long got) {
    return got >= expected && got < expected + (expected >> 10) + 64 ? expected : got;
  }

  private static boolean hasCurl() {
    try {
      return new ProcessBuilder("curl", "--version").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** curl writing the body to /dev/null: what a native client reaches; the bytes it reports. */
  private static long curl(int port, String pathAndQuery, String token, String json)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{size_download}",
        "-X", "POST", "-H", "Content-Type: application/json", "--data-binary", json));
    command.addAll(List.of("-H", "@-")); // the token on stdin, not on a command line others can list
    command.add("http://127.0.0.1:" + port + pathAndQuery);
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (OutputStream headers = process.getOutputStream()) {
      if (token != null) {
        headers.write(("Authorization: Bearer " + token + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
    String answer = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).trim();
    process.waitFor();
    String[] parts = answer.split(" ");
    if (parts.length != 2 || !parts[0].equals("200")) {
      throw new IOException("curl: " + answer);
    }
    return Long.parseLong(parts[1]);
  }

  /** Poto's copy before: 64 KiB read, written and flushed. */
  private static void chunked(Context ctx) throws IOException {
    ctx.contentType("application/octet-stream");
    OutputStream body = ctx.res().getOutputStream();
    byte[] chunk = new byte[64 * 1024];
    try (InputStream in = new PatternInputStream(Long.parseLong(ctx.queryParam("bytes")))) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        body.write(chunk, 0, n);
        body.flush();
      }
    }
  }

  private static void transfer(Context ctx) throws IOException {
    ctx.contentType("application/octet-stream");
    try (InputStream in = new PatternInputStream(Long.parseLong(ctx.queryParam("bytes")))) {
      in.transferTo(ctx.res().getOutputStream());
    }
  }

  /** Used heap after collections, until it stops shrinking. */
  private static long liveHeap() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      if (now >= used - (used >> 10)) {
        return Math.min(now, used);
      }
      used = now;
    }
    return used;
  }
}
