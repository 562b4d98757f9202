package dev.poto.bench.support;

import java.lang.management.ManagementFactory;

/**
 * What this JVM spent while a load ran against servers living in it: CPU time of the whole process
 * (every thread: handlers, selectors, GC, JIT) and bytes allocated on the heap by all threads. wrk runs
 * in a process of its own, so neither figure includes the load generator. Less disturbed by other
 * processes on a busy machine than requests per second: a request costs about the same CPU and
 * allocation whether the machine is idle or not, while wall-clock throughput follows the scheduler.
 */
public record ServerCost(long cpuNanos, long allocatedBytes) {
  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /** Unknown (the JVM does not report it). */
  public static final ServerCost UNKNOWN = new ServerCost(-1, -1);

  /** The totals so far; -1 for a figure the JVM does not report. */
  public static ServerCost now() {
    long cpu = OS.getProcessCpuTime();
    long allocated = THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled()
        ? THREADS.getTotalThreadAllocatedBytes()
        : -1;
    return new ServerCost(cpu, allocated);
  }

  /** The cost between {@code before} and this snapshot. */
  public ServerCost since(ServerCost before) {
    return new ServerCost(
        cpuNanos < 0 || before.cpuNanos < 0 ? -1 : cpuNanos - before.cpuNanos,
        allocatedBytes < 0 || before.allocatedBytes < 0 ? -1 : allocatedBytes - before.allocatedBytes);
  }
}
