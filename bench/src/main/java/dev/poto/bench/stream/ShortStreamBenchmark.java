package dev.poto.bench.stream;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.tls.TlsConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Many short calls over the generated Java client's own connections: N one-item streams, then N small
 * {@code InputStream} results, one after the other, over http and https, with the client keeping its
 * connections (the default) against a new connection per call ({@code maxIdleConnections(0)}, as before
 * the client kept any), in alternating rounds against the same servers, so the ratios come from one run.
 */
public final class ShortStreamBenchmark {
  private static final int SMALL_BLOB_BYTES = 64;

  private final BenchOptions options;
  private final PrintStream out;

  public ShortStreamBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  /** One kind of client: its name and its view of the module. */
  private record Side(String name, StreamModuleClient calls) {}

  public void run() throws Exception {
    int calls = options.quick() ? 300 : 2_000;
    int rounds = Math.max(1, options.rounds());
    out.printf("%n## Short calls: %,d one-item streams and %,d %d-byte InputStream results, kept connections"
        + " against one per call, same run%n%n", calls, calls, SMALL_BLOB_BYTES);
    Path certificate = Path.of("target", "bench-tls").toAbsolutePath();
    try (PotoServer plain = server(null);
        PotoServer secure = server(certificate)) {
      SSLContext trust = trusting(new TlsConfig().developmentCertificate(certificate).load().keyStore());
      List<PotoClient> clients = new ArrayList<>();
      try {
        Map<String, Side[]> pairs = new LinkedHashMap<>();
        for (String scheme : List.of("http", "https")) {
          String url = scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":"
              + (scheme.equals("https") ? secure : plain).port();
          Side kept = side(scheme + ", kept connections (default)", url, trust, -1, clients);
          Side fresh = side(scheme + ", a new connection per call", url, trust, 0, clients);
          pairs.put(scheme, new Side[] {kept, fresh});
        }
        out.printf("setup: sequential calls from one thread; server and clients in one JVM; %d measured round(s)"
            + " per side, alternating%n", rounds);
        Table table = new Table("measure", "median", "unit", "runs", "");
        for (Map.Entry<String, Side[]> pair : pairs.entrySet()) {
          for (String kind : List.of("stream", "blob")) {
            measure(pair.getKey(), kind, pair.getValue(), calls, rounds, table);
          }
        }
        out.println();
        out.print(table.render());
      } finally {
        clients.forEach(PotoClient::close);
      }
    }
  }

  private static PotoServer server(Path certificate) {
    PotoServer.Builder builder = PotoServer.builder().host("127.0.0.1").port(0).module(new StreamModule())
        .jwt(jwt -> jwt.secret(Secrets.newJwtSecret()));
    if (certificate != null) {
      builder.tls(tls -> tls.developmentCertificate(certificate));
    }
    return builder.build().start();
  }

  /** A logged-in client; {@code maxIdle} -1 keeps the default. */
  private static Side side(String name, String url, SSLContext trust, int maxIdle, List<PotoClient> clients) {
    PotoClient.Builder builder = PotoClient.builder(url)
        .httpClient(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(trust).build());
    if (maxIdle >= 0) {
      builder.maxIdleConnections(maxIdle);
    }
    PotoClient client = builder.build();
    clients.add(client);
    client.loginAsVisitor();
    return new Side(name, new StreamModuleClient(client));
  }

  private void measure(String scheme, String kind, Side[] sides, int calls, int rounds, Table table) {
    Map<Side, List<Double>> seconds = new LinkedHashMap<>();
    Map<Side, List<Double>> cpu = new LinkedHashMap<>();
    for (Side side : sides) {
      seconds.put(side, new ArrayList<>());
      cpu.put(side, new ArrayList<>());
      call(side, kind, Math.max(100, calls / 4)); // warm-up
    }
    for (int r = 1; r <= rounds; r++) {
      List<Side> order = new ArrayList<>(List.of(sides));
      if (r % 2 == 0) {
        order = order.reversed();
      }
      for (Side side : order) {
        long cpuStart = StreamBenchmark.processCpuNanos();
        long start = System.nanoTime();
        call(side, kind, calls);
        double s = (System.nanoTime() - start) / 1e9;
        double cpuPerCall = (StreamBenchmark.processCpuNanos() - cpuStart) / 1e3 / calls;
        seconds.get(side).add(s);
        cpu.get(side).add(cpuPerCall);
        out.printf("  round %d %-44s %-6s %,d calls in %.3f s = %,.0f calls/s, CPU %.0f us per call%n", r, side.name(),
            kind, calls, s, calls / s, cpuPerCall);
      }
    }
    Side kept = sides[0];
    Side fresh = sides[1];
    double keptSeconds = Stats.median(seconds.get(kept));
    double freshSeconds = Stats.median(seconds.get(fresh));
    String what = kind.equals("stream") ? "one-item streams" : SMALL_BLOB_BYTES + "-byte InputStreams";
    table.row(String.format("%s: %,d %s, kept connections", scheme, calls, what), Table.fmt(keptSeconds), "s", rounds,
        Table.fmt(calls / keptSeconds) + " calls/s; CPU " + Table.fmt(Stats.median(cpu.get(kept))) + " us per call");
    table.row("  same run, a new connection per call (maxIdleConnections(0))", Table.fmt(freshSeconds), "s", rounds,
        "kept is " + Table.ratio(freshSeconds / keptSeconds) + " faster; CPU "
            + Table.fmt(Stats.median(cpu.get(fresh))) + " us per call");
  }

  private static void call(Side side, String kind, int calls) {
    for (int i = 0; i < calls; i++) {
      if (kind.equals("stream")) {
        try (Stream<Rec> items = side.calls().records(1)) {
          if (items.count() != 1) {
            throw new IllegalStateException("a one-item stream did not deliver one item");
          }
        }
      } else {
        try (InputStream in = side.calls().blob(SMALL_BLOB_BYTES)) {
          if (in.readAllBytes().length != SMALL_BLOB_BYTES) {
            throw new IllegalStateException("a short InputStream result arrived cut");
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static SSLContext trusting(KeyStore keys) throws GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try {
      trust.load(null, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String alias = keys.aliases().nextElement();
    trust.setCertificateEntry("poto-development", keys.getCertificate(alias));
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
