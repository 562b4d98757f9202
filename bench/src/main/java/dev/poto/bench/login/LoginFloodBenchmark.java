package dev.poto.bench.login;

import dev.poto.bench.support.BenchOptions;
import dev.poto.bench.support.Secrets;
import dev.poto.bench.support.Table;
import dev.poto.runtime.PotoServer;
import dev.poto.runtime.auth.InMemoryUserProvider;
import dev.poto.runtime.auth.LoginLimits;
import dev.poto.runtime.auth.PasswordHasher;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * A public call's latency while sixteen clients flood {@code _auth/login} with wrong passwords at the
 * production PBKDF2 cost (600,000 iterations). The same server is measured quiet and flooded, round by
 * round, so both sides see the same machine; a second server without the bound on concurrent password
 * checks shows what the bound buys. The failure limits are raised out of the way: the flood is meant to
 * reach the password checks (as a flood from many addresses and names would).
 */
public final class LoginFloodBenchmark {
  private static final int FLOOD_CLIENTS = 16;

  private final BenchOptions options;
  private final PrintStream out;

  public LoginFloodBenchmark(BenchOptions options, PrintStream out) {
    this.options = options;
    this.out = out;
  }

  public void run() throws Exception {
    out.println("\n## Login flood: a public call's latency while logins flood the server\n");
    int bound = LoginLimits.defaultConcurrentPasswordChecks();
    try (PotoServer bounded = server(bound); PotoServer unbounded = server(FLOOD_CLIENTS * 4);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      probe(http, bounded, options.warmup()); // JIT warm-up of the call path
      flood(http, bounded, options.warmup());
      List<Side> sides = List.of(
          new Side("quiet", bounded, false),
          new Side("login flood, " + bound + " concurrent check(s) (default)", bounded, true),
          new Side("login flood, no bound (" + FLOOD_CLIENTS * 4 + " concurrent checks)", unbounded, true));
      Map<Side, List<Measurement>> results = new ConcurrentHashMap<>();
      for (int round = 0; round < options.rounds(); round++) {
        for (Side side : sides) {
          results.computeIfAbsent(side, s -> new ArrayList<>()).add(measure(http, side));
        }
      }
      out.printf("%d rounds of %d s per side, sides alternating; the public call is one client calling"
          + " `ping` back to back; the flood is %d clients posting wrong passwords for random user names."
          + " Medians over the rounds.%n%n", options.rounds(), options.round().toSeconds(), FLOOD_CLIENTS);
      double quietP99 = median(results.get(sides.get(0)), Measurement::p99);
      Table table = new Table("side", "calls/s", "p50 ms", "p99 ms", "max ms", "p99 vs quiet",
          "logins checked/s", "503 busy/s", "ping transport errors");
      for (Side side : sides) {
        List<Measurement> rounds = results.get(side);
        double p99 = median(rounds, Measurement::p99);
        table.row(side.name(), Table.fmt(median(rounds, Measurement::callsPerSecond)),
            Table.fmt(median(rounds, Measurement::p50)), Table.fmt(p99), Table.fmt(median(rounds, Measurement::max)),
            Table.ratio(p99 / quietP99), Table.fmt(median(rounds, Measurement::checkedPerSecond)),
            Table.fmt(median(rounds, Measurement::busyPerSecond)),
            rounds.stream().mapToLong(Measurement::transportErrors).sum());
      }
      out.println(table.render());
      out.println("Target: the public call's p99 during the flood at most 2× its quiet p99 (with the default bound).");
    }
  }

  private record Side(String name, PotoServer server, boolean flooded) {}

  private record Measurement(double callsPerSecond, double p50, double p99, double max, double checkedPerSecond,
      double busyPerSecond, long transportErrors) {}

  private Measurement measure(HttpClient http, Side side) throws Exception {
    Duration length = options.round();
    FloodCounts counts = side.flooded() ? startFlood(http, side.server()) : null;
    try {
      LongAdder failures = new LongAdder();
      double[] millis = probe(http, side.server(), length, failures);
      Arrays.sort(millis);
      double seconds = length.toNanos() / 1e9;
      return new Measurement(millis.length / seconds, percentile(millis, 0.50), percentile(millis, 0.99),
          millis.length == 0 ? Double.NaN : millis[millis.length - 1],
          counts == null ? 0 : counts.checked.sum() / seconds, counts == null ? 0 : counts.busy.sum() / seconds,
          failures.sum());
    } finally {
      if (counts != null) {
        counts.stop();
      }
    }
  }

  private static PotoServer server(int concurrentChecks) {
    InMemoryUserProvider users = new InMemoryUserProvider(new PasswordHasher()); // production cost
    users.addUser("bench", "bench-password-" + Secrets.newJwtSecret());
    String secret = Secrets.newJwtSecret();
    return PotoServer.builder().host("127.0.0.1").port(0).module(new PingModule())
        .jwt(jwt -> jwt.secret(secret))
        .userProvider(users)
        .loginLimits(limits -> limits
            .perUser(1_000_000, Duration.ofSeconds(1))
            .perAddress(1_000_000, Duration.ofSeconds(1))
            .concurrentPasswordChecks(concurrentChecks))
        .build()
        .start();
  }

  /** Calls ping back to back for {@code length}; the latency of each call in ms. */
  private static double[] probe(HttpClient http, PotoServer server, Duration length) throws Exception {
    return probe(http, server, length, new LongAdder());
  }

  private static double[] probe(HttpClient http, PotoServer server, Duration length, LongAdder failures)
      throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/poto/ping/ping"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"value\":41}"))
        .build();
    double[] millis = new double[1024];
    int n = 0;
    long end = System.nanoTime() + length.toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // A pooled connection the server closed as it was reused: not a latency, count it and go on.
        failures.increment();
        continue;
      }
      long took = System.nanoTime() - start;
      if (response.statusCode() != 200 || !response.body().equals("42")) {
        throw new IllegalStateException("ping answered " + response.statusCode() + ": " + response.body());
      }
      if (n == millis.length) {
        millis = Arrays.copyOf(millis, n * 2);
      }
      millis[n++] = took / 1e6;
    }
    return Arrays.copyOf(millis, n);
  }

  private static void flood(HttpClient http, PotoServer server, Duration length) throws Exception {
    FloodCounts counts = startFlood(http, server);
    Thread.sleep(length.toMillis()); // a warm-up pass: nothing is measured
    counts.stop();
  }

  /** What the flood's logins got: a password check (401) or a fast 503. */
  private static final class FloodCounts {
    final LongAdder checked = new LongAdder();
    final LongAdder busy = new LongAdder();
    final LongAdder transportErrors = new LongAdder();
    final AtomicBoolean running = new AtomicBoolean(true);
    final List<Thread> threads = new ArrayList<>();

    void stop() throws InterruptedException {
      running.set(false);
      for (Thread thread : threads) {
        thread.join();
      }
    }
  }

  private static FloodCounts startFlood(HttpClient http, PotoServer server) {
    FloodCounts counts = new FloodCounts();
    URI login = URI.create("http://127.0.0.1:" + server.port() + "/poto/_auth/login");
    for (int c = 0; c < FLOOD_CLIENTS; c++) {
      int client = c;
      counts.threads.add(Thread.ofPlatform().name("flood-" + c).start(() -> {
        for (long i = 0; counts.running.get(); i++) {
          HttpRequest request = HttpRequest.newBuilder(login)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(
                  "{\"username\":\"user-" + client + "-" + i + "\",\"password\":\"wrong\"}"))
              .build();
          try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 401) {
              counts.checked.increment();
            } else if (status == 503) {
              counts.busy.increment();
            } else {
              throw new IllegalStateException("a flood login answered " + status);
            }
          } catch (IOException e) {
            counts.transportErrors.increment(); // a reused connection the server had closed: try again
          } catch (InterruptedException e) {
            return;
          }
        }
      }));
    }
    return counts;
  }

  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double median(List<Measurement> rounds, java.util.function.ToDoubleFunction<Measurement> metric) {
    double[] values = rounds.stream().mapToDouble(metric).sorted().toArray();
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }
}
