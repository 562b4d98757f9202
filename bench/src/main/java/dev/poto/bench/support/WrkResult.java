package dev.poto.bench.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one wrk run measured. {@code failed} counts non-2xx/3xx answers and socket errors: a run with
 * failures measures the error path, not the work, and is flagged as such.
 */
public record WrkResult(
    double requestsPerSecond, double p50Millis, double p99Millis, long requests, long failed, String report,
    ServerCost serverCost) {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
  private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");
  private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
  private static final Pattern SOCKET_ERRORS =
      Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

  public static WrkResult parse(String output) {
    Matcher rps = RPS.matcher(output);
    Matcher total = TOTAL.matcher(output);
    if (!rps.find() || !total.find()) {
      throw new IllegalStateException("unexpected wrk output:\n" + output);
    }
    long failed = 0;
    Matcher non2xx = NON_2XX.matcher(output);
    if (non2xx.find()) {
      failed += Long.parseLong(non2xx.group(1));
    }
    Matcher socket = SOCKET_ERRORS.matcher(output);
    if (socket.find()) {
      for (int g = 1; g <= 4; g++) {
        failed += Long.parseLong(socket.group(g));
      }
    }
    return new WrkResult(
        Double.parseDouble(rps.group(1)),
        percentile(output, "50"),
        percentile(output, "99"),
        Long.parseLong(total.group(1)),
        failed,
        output,
        ServerCost.UNKNOWN);
  }

  /** This result with what the server's JVM spent during the run. */
  public WrkResult withServerCost(ServerCost cost) {
    return new WrkResult(requestsPerSecond, p50Millis, p99Millis, requests, failed, report, cost);
  }

  /** The server JVM's CPU time per request in microseconds, or NaN when unknown. */
  public double cpuMicrosPerRequest() {
    return serverCost.cpuNanos() < 0 || requests == 0 ? Double.NaN : serverCost.cpuNanos() / 1000.0 / requests;
  }

  /** Bytes the server JVM allocated per request, or NaN when unknown. */
  public double allocatedBytesPerRequest() {
    return serverCost.allocatedBytes() < 0 || requests == 0 ? Double.NaN : (double) serverCost.allocatedBytes() / requests;
  }

  private static double percentile(String output, String which) {
    Matcher m = Pattern.compile("\\n\\s+" + which + "%\\s+([0-9.]+)(us|ms|s|m)\\b").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("no " + which + "% latency in wrk output (was --latency given?):\n" + output);
    }
    double value = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> value / 1000;
      case "ms" -> value;
      case "s" -> value * 1000;
      default -> value * 60_000;
    };
  }
}
