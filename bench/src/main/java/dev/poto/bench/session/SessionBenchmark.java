package dev.poto.bench.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.bench.support.AlternatingRounds;
import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Http;
import dev.poto.bench.support.RedisProcess;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Table;
import dev.poto.bench.support.Wrk;
import dev.poto.bench.support.WrkResult;
import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.SessionProvider;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Session read/write throughput of the three providers, directly and over HTTP. */
public final class SessionBenchmark {
  private final BenchOptions options;
  private final PrintStream out;

  public SessionBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    out.println("\n## Sessions: read/write throughput per provider\n");
    Path redisBinary = RedisProcess.findBinary().orElse(null);
    List<ProviderKind> kinds = new ArrayList<>(List.of(ProviderKind.values()));
    if (redisBinary == null) {
      out.println("redis-server is not installed (Debian: apt-get install redis-server): the Redis provider is skipped.");
      kinds.remove(ProviderKind.REDIS);
    }
    RedisProcess redis = redisBinary == null ? null : RedisProcess.start(redisBinary);
    try {
      providerLevel(kinds, redis);
      overHttp(kinds, redis);
    } finally {
      if (redis != null) {
        redis.close();
      }
    }
  }

  private void providerLevel(List<ProviderKind> kinds, RedisProcess redis) throws Exception {
    Duration warmup = Duration.ofSeconds(options.quick() ? 1 : 2);
    Duration window = Duration.ofSeconds(options.quick() ? 1 : 3);
    out.printf("### Provider level: %d virtual threads, one user each, each op in its own Poto.callWith context;"
        + " %d s warm-up, %d s measured per op%n%n", options.sessionThreads(), warmup.toSeconds(), window.toSeconds());
    Table table = new Table("provider", "reads/s", "writes/s", "reads vs in-memory", "writes vs in-memory", "errors");
    double memoryReads = Double.NaN;
    double memoryWrites = Double.NaN;
    for (ProviderKind kind : kinds) {
      try (SessionProvider provider = kind.create(redis)) {
        String cookieName = provider instanceof EncryptedCookieSessionProvider c ? c.cookieName() : null;
        ProviderLevelBenchmark bench = new ProviderLevelBenchmark(provider, cookieName, options.sessionThreads());
        bench.prepare();
        bench.measure(ProviderLevelBenchmark.Op.READ, warmup);
        ProviderLevelBenchmark.Outcome reads = bench.measure(ProviderLevelBenchmark.Op.READ, window);
        bench.measure(ProviderLevelBenchmark.Op.WRITE, warmup);
        ProviderLevelBenchmark.Outcome writes = bench.measure(ProviderLevelBenchmark.Op.WRITE, window);
        if (kind == ProviderKind.IN_MEMORY) {
          memoryReads = reads.opsPerSecond();
          memoryWrites = writes.opsPerSecond();
        }
        out.printf("  %-17s reads %,12.0f/s   writes %,12.0f/s%n", kind.label, reads.opsPerSecond(), writes.opsPerSecond());
        table.row(kind.label, Table.fmt(reads.opsPerSecond()), Table.fmt(writes.opsPerSecond()),
            Table.ratio(reads.opsPerSecond() / memoryReads), Table.ratio(writes.opsPerSecond() / memoryWrites),
            reads.errors() + writes.errors());
      }
    }
    out.println();
    out.print(table.render());
  }

  private void overHttp(List<ProviderKind> kinds, RedisProcess redis) throws Exception {
    out.println("\n### Over HTTP: session get/put calls through PotoServer, driven by wrk\n");
    Wrk wrk = Wrk.find(options.wrkThreads(), options.wrkConnections()).orElse(null);
    if (wrk == null) {
      out.println("SKIPPED: " + Wrk.missingMessage());
      return;
    }
    Duration warmup = Duration.ofSeconds(options.quick() ? 1 : 2);
    Duration round = Duration.ofSeconds(options.quick() ? 1 : 3);
    String body = new ObjectMapper().writeValueAsString(Map.of("cart", Cart.sample()));
    Map<ProviderKind, PotoServer> servers = new EnumMap<>(ProviderKind.class);
    try {
      AlternatingRounds rounds = new AlternatingRounds(wrk);
      for (ProviderKind kind : kinds) {
        SessionProvider provider = kind.create(redis); // the server closes it on stop
        PotoServer server = PotoServer.builder().host("127.0.0.1").port(0).module(new SessionModule())
            .sessionProvider(provider).jwt(jwt -> jwt.secret(Secrets.newJwtSecret())).build().start();
        servers.put(kind, server);
        String base = "http://127.0.0.1:" + server.port() + "/poto/benchsession/";
        String token;
        try (PotoClient client = PotoClient.create("http://127.0.0.1:" + server.port())) {
          token = client.loginAsVisitor().token();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Authorization", "Bearer " + token);
        HttpResponse<String> put = Http.expectSuccess("session put", Http.post(base + "put", body, headers));
        put.headers().allValues("Set-Cookie").stream()
            .map(c -> c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
            .reduce((a, b) -> a + "; " + b)
            .ifPresent(cookie -> headers.put("Cookie", cookie)); // the cookie provider's session travels here
        String got = Http.expectSuccess("session get", Http.post(base + "get", "{}", headers)).body();
        if (!got.contains("\"pear\"")) {
          throw new IllegalStateException(kind.label + ": session get did not return what put stored: " + got);
        }
        rounds.side(kind.label + " get", new Wrk.Load(base + "get", "{}", Map.copyOf(headers)));
        rounds.side(kind.label + " put", new Wrk.Load(base + "put", body, Map.copyOf(headers)));
      }
      int maxPasses = options.quick() ? 1 : 2;
      out.printf("setup: %s, one visitor token per server (one user); warm-up: alternating passes of %d s until"
              + " stable (at most %d); %d alternating round(s) of %d s%n%n",
          wrk.setup(), warmup.toSeconds(), maxPasses, options.rounds(), round.toSeconds());
      Map<String, List<WrkResult>> results = rounds.run(warmup, 1, maxPasses, round, options.rounds(), out);
      Table table = new Table("call", "req/s (median)", "p50 ms", "p99 ms", "vs in-memory", "failed");
      for (Map.Entry<String, List<WrkResult>> side : results.entrySet()) {
        String op = side.getKey().substring(side.getKey().lastIndexOf(' ') + 1);
        double baseline = AlternatingRounds.medianRps(results.get(ProviderKind.IN_MEMORY.label + " " + op));
        double rps = AlternatingRounds.medianRps(side.getValue());
        table.row(side.getKey(), Table.fmt(rps), Table.fmt(AlternatingRounds.medianP50(side.getValue())),
            Table.fmt(AlternatingRounds.medianP99(side.getValue())), Table.ratio(rps / baseline),
            AlternatingRounds.failed(side.getValue()));
      }
      out.println();
      out.print(table.render());
    } finally {
      servers.values().forEach(PotoServer::stop);
    }
  }
}
