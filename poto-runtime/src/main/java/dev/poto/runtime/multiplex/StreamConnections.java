package dev.poto.runtime.multiplex;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open shared stream connections of one runtime, by id, within {@link StreamConnectionLimits}.
 * Ids are 128 random bits from {@link SecureRandom}: an id is the capability to use a connection, so
 * it is never logged.
 */
public final class StreamConnections implements AutoCloseable {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StreamConnectionLimits limits;
  private final Map<String, StreamConnection> byId = new ConcurrentHashMap<>();
  private final Map<String, Integer> perOwner = new HashMap<>(); // guarded by this
  private boolean closed; // guarded by this

  public StreamConnections(StreamConnectionLimits limits) {
    this.limits = limits;
  }

  public StreamConnectionLimits limits() {
    return limits;
  }

  /**
   * Registers a new connection for {@code owner}.
   *
   * Once this registry is closed (the server stops) the connection comes back already closed.
   *
   * @throws RpcException 429 {@code too_many_connections} at the per-user or the server's limit
   */
  public synchronized StreamConnection open(String owner) {
    int mine = perOwner.getOrDefault(owner, 0);
    if (mine >= limits.maxConnectionsPerUser()) {
      throw new RpcException(
          429, ProblemCodes.TOO_MANY_CONNECTIONS,
          "This user already holds " + mine + " stream connections; close one (a browser needs one for all its tabs)");
    }
    if (byId.size() >= limits.maxConnections()) {
      throw new RpcException(429, ProblemCodes.TOO_MANY_CONNECTIONS, "The server holds its maximum of stream connections");
    }
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    StreamConnection connection = new StreamConnection(id, owner, limits.maxStreamsPerConnection());
    if (closed) {
      connection.close();
      return connection;
    }
    byId.put(id, connection);
    perOwner.merge(owner, 1, Integer::sum);
    return connection;
  }

  /** Closes and forgets {@code connection}. */
  public void remove(StreamConnection connection) {
    connection.close();
    synchronized (this) {
      if (byId.remove(connection.id(), connection)) {
        perOwner.computeIfPresent(connection.owner(), (owner, count) -> count > 1 ? count - 1 : null);
      }
    }
  }

  /**
   * The open connection with this id.
   *
   * @throws RpcException 404 {@code unknown_connection} when there is none (never opened, closed, or
   *     opened on another server node)
   */
  public StreamConnection find(String id) {
    StreamConnection connection = id == null ? null : byId.get(id);
    if (connection == null || connection.isClosed()) {
      throw unknownConnection();
    }
    return connection;
  }

  /** The connection with this id, or null (for cancel requests, which answer the same either way). */
  public StreamConnection findOrNull(String id) {
    return id == null ? null : byId.get(id);
  }

  public int openConnections() {
    return byId.size();
  }

  /** The answer for a connection id that is unknown here, or not the caller's. */
  public RpcException unknownConnectionProblem() {
    return unknownConnection();
  }

  static RpcException unknownConnection() {
    return new RpcException(
        404, ProblemCodes.UNKNOWN_CONNECTION,
        "No open stream connection with that id here: it closed, or it is held by another server");
  }

  /** Closes every connection (the server is stopping): their streams are cancelled. */
  @Override
  public void close() {
    List<StreamConnection> all;
    synchronized (this) {
      closed = true;
      all = new ArrayList<>(byId.values());
    }
    all.forEach(this::remove);
  }
}
