package dev.poto.bench;

import dev.poto.bench.build.BuildCostBenchmark;
import dev.poto.bench.idle.IdleStreamBenchmark;
import dev.poto.bench.login.LoginFloodBenchmark;
import dev.poto.bench.session.SessionBenchmark;
import dev.poto.bench.stream.BinaryBenchmark;
import dev.poto.bench.stream.ShortStreamBenchmark;
import dev.poto.bench.stream.StreamBenchmark;
import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.MachineFacts;
import dev.poto.bench.unary.UnaryBenchmark;
import java.io.PrintStream;

/**
 * The benchmark harness behind {@code ./poto bench}: prints numbers, asserts nothing. Arguments pick
 * scenarios and durations; see {@link BenchOptions#usage()}.
 */
public final class BenchMain {
  private BenchMain() {}

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      if (!e.getMessage().isEmpty()) {
        System.err.println("bench: " + e.getMessage());
      }
      System.err.println(BenchOptions.usage());
      System.exit(2);
      return;
    }
    PrintStream out = System.out;
    out.println("# Poto benchmark" + (options.quick() ? " (quick smoke run: numbers are rough)" : ""));
    out.println();
    out.println("```");
    out.println(MachineFacts.describe());
    out.println("```");
    long start = System.nanoTime();
    int failures = 0;
    for (String scenario : BenchOptions.SCENARIOS) {
      if (!options.runs(scenario)) {
        continue;
      }
      try {
        switch (scenario) {
          case "unary" -> new UnaryBenchmark(options, out).run();
          case "stream" -> new StreamBenchmark(options, out).run();
          case "short-calls" -> new ShortStreamBenchmark(options, out).run();
          case "binary" -> new BinaryBenchmark(options, out).run();
          case "idle-streams" -> new IdleStreamBenchmark(options, out).run();
          case "session" -> new SessionBenchmark(options, out).run();
          case "login" -> new LoginFloodBenchmark(options, out).run();
          case "build" -> new BuildCostBenchmark(options, out).run();
          default -> throw new IllegalStateException(scenario);
        }
      } catch (Exception e) {
        failures++;
        out.println("\nSCENARIO " + scenario + " FAILED: " + e);
        e.printStackTrace(out);
      }
    }
    out.printf("%nbench finished in %.0f s%s%n", (System.nanoTime() - start) / 1e9,
        failures > 0 ? ", " + failures + " scenario(s) failed" : "");
    System.exit(failures > 0 ? 1 : 0);
  }
}
