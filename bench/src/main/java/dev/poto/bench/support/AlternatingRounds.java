package dev.poto.bench.support;

import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives several sides with the same wrk load: each side is warmed up, then measured rounds alternate
 * (A B, B A, A B ...), so drift on a shared machine (other processes, thermal, GC) spreads over all sides.
 * Each measured round also records what this JVM spent meanwhile ({@link ServerCost}): per request, the
 * CPU and allocation of the side under load when its server runs in this JVM.
 */
public final class AlternatingRounds {
  private final Wrk wrk;
  private final Map<String, Wrk.Load> sides = new LinkedHashMap<>();
  private final Set<String> explained = new HashSet<>();

  public AlternatingRounds(Wrk wrk) {
    this.wrk = wrk;
  }

  public AlternatingRounds side(String name, Wrk.Load load) {
    sides.put(name, load);
    return this;
  }

  /**
   * Warms every side up in alternating passes of {@code warmup} until each side's last pass is within
   * 15% of its previous one (the JIT has settled; on a loaded machine that takes a while), between
   * {@code minPasses} and {@code maxPasses} passes; then runs {@code rounds} measured rounds.
   *
   * @return every measured round of every side, by side name, in order
   */
  public Map<String, List<WrkResult>> run(
      Duration warmup, int minPasses, int maxPasses, Duration round, int rounds, PrintStream log) {
    Map<String, Double> previous = new LinkedHashMap<>();
    for (int pass = 1; pass <= maxPasses; pass++) {
      boolean settled = pass > 1;
      for (Map.Entry<String, Wrk.Load> side : sides.entrySet()) {
        WrkResult w = wrk.run(side.getValue(), warmup);
        log.printf("  warm-up %d %-28s %,10.0f req/s%s%n", pass, side.getKey(), w.requestsPerSecond(),
            w.failed() > 0 ? "  (" + w.failed() + " failed)" : "");
        explainFailures(side.getKey(), side.getValue(), w, log);
        Double before = previous.put(side.getKey(), w.requestsPerSecond());
        if (before == null || Math.abs(w.requestsPerSecond() - before) > 0.15 * Math.max(before, 1)) {
          settled = false;
        }
      }
      if (settled && pass >= minPasses) {
        break;
      }
    }
    Map<String, List<WrkResult>> results = new LinkedHashMap<>();
    sides.keySet().forEach(name -> results.put(name, new ArrayList<>()));
    for (int r = 1; r <= rounds; r++) {
      // A B, then B A, ...: a machine that gets steadily faster or slower favours no side.
      List<Map.Entry<String, Wrk.Load>> order = new ArrayList<>(sides.entrySet());
      if (r % 2 == 0) {
        Collections.reverse(order);
      }
      for (Map.Entry<String, Wrk.Load> side : order) {
        ServerCost before = ServerCost.now();
        WrkResult result = wrk.run(side.getValue(), round).withServerCost(ServerCost.now().since(before));
        results.get(side.getKey()).add(result);
        log.printf("  round %d %-28s %,10.0f req/s  p50 %.2f ms  p99 %.2f ms  CPU %.1f us/req  alloc %,.0f B/req%s%n",
            r, side.getKey(), result.requestsPerSecond(), result.p50Millis(), result.p99Millis(),
            result.cpuMicrosPerRequest(), result.allocatedBytesPerRequest(),
            result.failed() > 0 ? "  FAILED " + result.failed() : "");
        explainFailures(side.getKey(), side.getValue(), result, log);
      }
    }
    return results;
  }

  /** Failed requests make a round meaningless; show once what the side answers, so the cause is visible. */
  private void explainFailures(String name, Wrk.Load load, WrkResult result, PrintStream log) {
    if (result.failed() == 0 || !explained.add(name)) {
      return;
    }
    log.println("    wrk said:\n      " + result.report().strip().replace("\n", "\n      "));
    try {
      HttpResponse<String> answer = Http.post(load.url(), load.body(), load.headers());
      String body = answer.body();
      log.printf("    %s: a single request now answers %d %s%n", name, answer.statusCode(),
          body.length() > 300 ? body.substring(0, 300) + "..." : body);
    } catch (RuntimeException e) {
      log.printf("    %s: a single request now fails: %s%n", name, e.getMessage());
    }
  }

  public static double medianRps(List<WrkResult> results) {
    return Stats.median(results.stream().map(WrkResult::requestsPerSecond).toList());
  }

  public static double medianP50(List<WrkResult> results) {
    return Stats.median(results.stream().map(WrkResult::p50Millis).toList());
  }

  public static double medianP99(List<WrkResult> results) {
    return Stats.median(results.stream().map(WrkResult::p99Millis).toList());
  }

  /** Median server CPU per request (µs) over rounds; meaningful when the servers run in this JVM. */
  public static double medianCpuMicros(List<WrkResult> results) {
    return Stats.median(results.stream().map(WrkResult::cpuMicrosPerRequest).toList());
  }

  /** Median bytes allocated per request over rounds; meaningful when the servers run in this JVM. */
  public static double medianAllocatedBytes(List<WrkResult> results) {
    return Stats.median(results.stream().map(WrkResult::allocatedBytesPerRequest).toList());
  }

  public static long failed(List<WrkResult> results) {
    return results.stream().mapToLong(WrkResult::failed).sum();
  }
}
