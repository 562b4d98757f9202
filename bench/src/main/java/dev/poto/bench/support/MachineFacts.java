package dev.poto.bench.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

/** The facts that make a benchmark number mean something: where and when it was measured. */
public final class MachineFacts {
  private MachineFacts() {}

  public static String describe() {
    Runtime rt = Runtime.getRuntime();
    return String.join(
        "\n",
        "date:   " + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        "cpu:    " + rt.availableProcessors() + " cores available to the JVM (" + cpuModel() + ")",
        "jdk:    " + System.getProperty("java.vm.name") + " " + Runtime.version()
            + " (" + System.getProperty("java.vendor") + ")",
        "os:     " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        "heap:   max " + rt.maxMemory() / (1024 * 1024) + " MiB",
        "load:   " + loadAverage() + " (1/5/15 min, before the run)",
        "note:   servers, clients, wrk and redis-server share these cores; nothing is pinned");
  }

  private static String cpuModel() {
    try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
      return lines.filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("unknown model");
    } catch (IOException | RuntimeException e) {
      return "unknown model";
    }
  }

  /** The 1, 5 and 15 minute load averages, e.g. {@code 0.52 1.10 2.03}. */
  public static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
