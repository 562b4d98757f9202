package dev.poto.runtime.multiplex;

/**
 * Bounds on shared stream connections ({@code POST {prefix}/_streams}), so that no caller, however
 * many visitor tokens it mints, can hold more than a known amount of server state.
 *
 * @param maxConnectionsPerUser open connections one user id may hold at once (a browser shares one
 *     between all its tabs, so a handful covers several browsers and devices)
 * @param maxStreamsPerConnection streams open at once on one connection
 * @param maxConnections open connections on this server, all users together
 */
public record StreamConnectionLimits(int maxConnectionsPerUser, int maxStreamsPerConnection, int maxConnections) {
  public static final StreamConnectionLimits DEFAULT = new StreamConnectionLimits(8, 256, 10_000);

  public StreamConnectionLimits {
    positive(maxConnectionsPerUser, "maxConnectionsPerUser");
    positive(maxStreamsPerConnection, "maxStreamsPerConnection");
    positive(maxConnections, "maxConnections");
  }

  private static void positive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, was " + value);
    }
  }
}
