package dev.poto.bench.unary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.bench.support.AlternatingRounds;
import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Http;
import dev.poto.bench.support.MachineFacts;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Stats;
import dev.poto.bench.support.Table;
import dev.poto.bench.support.Wrk;
import dev.poto.bench.support.WrkResult;
import dev.poto.client.PotoClient;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.JwtConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The generated dispatcher against a hand-written Javalin handler doing the same work (JWT check + JSON
 * echo of a small record), same wrk load, alternating rounds, both servers in this JVM. Besides
 * throughput it reports what the JVM spent per request on each side (CPU time, heap allocation), which a
 * loaded machine disturbs far less than requests per second.
 */
public final class UnaryBenchmark {
  /** The target: generated throughput at least the hand-written handler's (ratio of the medians of rounds). */
  static final double TARGET_RATIO = 1.0;
  /** wrk connections unless {@code --connections} is given: the load the target is stated for. */
  static final int CONNECTIONS = 64;

  static final String GENERATED = "generated (PotoServer)";
  static final String HAND_WRITTEN = "hand-written Javalin";

  private final BenchOptions options;
  private final PrintStream out;

  public UnaryBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    out.println("\n## Unary: generated dispatch vs hand-written handler\n");
    Wrk wrk = Wrk.find(options.wrkThreads(), options.wrkConnections(CONNECTIONS)).orElse(null);
    if (wrk == null) {
      out.println("SKIPPED: " + Wrk.missingMessage());
      return;
    }
    String secret = Secrets.newJwtSecret();
    ObjectMapper json = new ObjectMapper();
    String body = json.writeValueAsString(Map.of("item", Item.sample()));
    try (PotoServer poto = PotoServer.builder().host("127.0.0.1").port(0).module(new EchoModule())
            .jwt(jwt -> jwt.secret(secret)).build().start();
        HandWrittenEchoServer hand = new HandWrittenEchoServer(secret, JwtConfig.DEFAULT_ISSUER).start()) {
      String token;
      try (PotoClient client = PotoClient.create("http://127.0.0.1:" + poto.port())) {
        token = client.loginAsVisitor().token();
      }
      Map<String, String> headers = Map.of("Content-Type", "application/json", "Authorization", "Bearer " + token);
      Wrk.Load generated = new Wrk.Load("http://127.0.0.1:" + poto.port() + "/poto/bench/echo", body, headers);
      Wrk.Load handWritten = new Wrk.Load("http://127.0.0.1:" + hand.port() + HandWrittenEchoServer.PATH, body, headers);
      checkEcho(json, generated);
      checkEcho(json, handWritten);

      // At least three passes: the generated side has more code for the JIT to compile, and with two
      // its first measured rounds still climbed while the hand-written side's were flat.
      int minPasses = options.quick() ? 1 : 3;
      int maxPasses = options.quick() ? 1 : 4;
      out.printf("setup: %s; warm-up: alternating passes of %d s per side until stable (%d to %d passes);"
              + " then %d alternating round(s) of %d s per side; one JVM serves both%n",
          wrk.setup(), options.warmup().toSeconds(), minPasses, maxPasses, options.rounds(), options.round().toSeconds());
      out.printf("body:  %d bytes  %s%n%n", body.length(), body);
      Map<String, List<WrkResult>> results = new AlternatingRounds(wrk)
          .side(GENERATED, generated)
          .side(HAND_WRITTEN, handWritten)
          .run(options.warmup(), minPasses, maxPasses, options.round(), options.rounds(), out);
      report(results);
    }
  }

  private static void checkEcho(ObjectMapper json, Wrk.Load load) throws Exception {
    String answer = Http.expectSuccess(load.url(), Http.post(load.url(), load.body(), load.headers())).body();
    if (!json.readValue(answer, Item.class).equals(Item.sample())) {
      throw new IllegalStateException(load.url() + " did not echo the item: " + answer);
    }
  }

  private void report(Map<String, List<WrkResult>> results) {
    List<WrkResult> gen = results.get(GENERATED);
    List<WrkResult> hand = results.get(HAND_WRITTEN);
    Table table = new Table("side", "req/s (median)", "p50 ms", "p99 ms", "CPU us/req", "alloc B/req",
        "req/s per round", "failed");
    for (Map.Entry<String, List<WrkResult>> side : results.entrySet()) {
      List<WrkResult> r = side.getValue();
      table.row(side.getKey(), Table.fmt(AlternatingRounds.medianRps(r)), Table.fmt(AlternatingRounds.medianP50(r)),
          Table.fmt(AlternatingRounds.medianP99(r)), Table.fmt(AlternatingRounds.medianCpuMicros(r)),
          Table.fmt(AlternatingRounds.medianAllocatedBytes(r)),
          String.join(" / ", r.stream().map(x -> String.format("%,.0f", x.requestsPerSecond())).toList()),
          AlternatingRounds.failed(r));
    }
    List<Double> pairRatios = new ArrayList<>();
    for (int i = 0; i < Math.min(gen.size(), hand.size()); i++) {
      pairRatios.add(gen.get(i).requestsPerSecond() / hand.get(i).requestsPerSecond());
    }
    double ratio = AlternatingRounds.medianRps(gen) / AlternatingRounds.medianRps(hand);
    out.println();
    out.print(table.render());
    out.printf("%nratio generated / hand-written (throughput): %s of medians; per round pair: %s; target >= %.2f -> %s%n",
        Table.ratio(ratio),
        String.join(" ", pairRatios.stream().map(Table::ratio).toList()), TARGET_RATIO,
        AlternatingRounds.failed(gen) + AlternatingRounds.failed(hand) > 0
            ? "INVALID (failed requests)"
            : options.quick() ? "no verdict (quick run: the JIT is still cold)"
            : ratio >= TARGET_RATIO ? "met" : "NOT met");
    out.printf("median of per-pair ratios: %s%n", Table.ratio(Stats.median(pairRatios)));
    // Cost per request, hand-written / generated, so that above 1 means Poto is cheaper, like the throughput ratio.
    out.printf("cost per request, hand-written / generated (same rounds; above 1.00x: Poto cheaper): CPU %s,"
            + " allocation %s; load average now %s%n",
        Table.ratio(AlternatingRounds.medianCpuMicros(hand) / AlternatingRounds.medianCpuMicros(gen)),
        Table.ratio(AlternatingRounds.medianAllocatedBytes(hand) / AlternatingRounds.medianAllocatedBytes(gen)),
        MachineFacts.loadAverage());
  }
}
