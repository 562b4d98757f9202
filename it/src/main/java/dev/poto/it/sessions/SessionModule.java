package dev.poto.it.sessions;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.Sessions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end suite's session module: each method is one session helper, reached both through
 * {@link PotoModule}'s instance helpers and the static {@link Sessions} ones.
 */
@RpcModule("sessions")
public class SessionModule extends PotoModule {
  public static final String REFUSED = "update_refused";
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  @Rpc
  public void put(String key, String value) {
    setSessionValue(key, value);
  }

  @Rpc
  public @Nullable String get(String key) {
    return getSessionValue(key, String.class).orElse(null);
  }

  /** Through the static helpers, to show they reach the same session. */
  @Rpc
  public @Nullable String getStatic(String key) {
    return Sessions.getSessionValue(key, String.class).orElse(null);
  }

  /** Adds one to the counter under {@code key}, atomically; the count this call made. */
  @Rpc
  public int increment(String key) {
    return updateSessionValue(key, Integer.class, n -> n.orElse(0) + 1).orElseThrow();
  }

  @Rpc
  public @Nullable Integer count(String key) {
    return getSessionValue(key, Integer.class).orElse(null);
  }

  /** Appends {@code item} to the list under {@code key}, atomically; the list's size after this call. */
  @Rpc
  public int append(String key, String item) {
    return Sessions.updateSessionValue(key, STRINGS, list -> {
      List<String> items = list.orElseGet(ArrayList::new);
      items.add(item);
      return items;
    }).orElseThrow().size();
  }

  @Rpc
  public @Nullable List<String> list(String key) {
    return getSessionValue(key, STRINGS).orElse(null);
  }

  /** An update whose function refuses the value it sees: answers 422 {@value #REFUSED}, changes nothing. */
  @Rpc
  public int refuseUpdate(String key) {
    return updateSessionValue(key, Integer.class, n -> {
      throw new RpcException(422, REFUSED, "refused to update " + n.map(String::valueOf).orElse("nothing"));
    }).orElseThrow();
  }

  @Rpc
  public boolean remove(String key) {
    return removeSessionValue(key);
  }

  @Rpc
  public boolean deleteSession() {
    return deleteUserSession();
  }

  @Rpc
  public boolean hasSession() {
    return Sessions.hasSession();
  }

  /** Stores {@code size} characters under {@code key}: for the cookie size limit. */
  @Rpc
  public void putLarge(String key, int size) {
    setSessionValue(key, "x".repeat(size));
  }

  @Rpc
  public StatsView stats() {
    SessionStats stats = getSessionStats();
    return new StatsView(
        stats.provider(), boxed(stats.activeSessions()), boxed(stats.maxSessions()), boxed(stats.evictedSessions()));
  }

  /** Runs the provider's idle cleanup now; how many sessions it removed. */
  @Rpc
  public long cleanupIdle(long maxIdleMillis) {
    return Poto.context().sessionProvider().orElseThrow().cleanupIdle(Duration.ofMillis(maxIdleMillis));
  }

  /** The request's raw Cookie header as the server received it, to check what a client sends. */
  @Rpc
  @Public
  public @Nullable String cookieHeader() {
    return Poto.context().header("Cookie");
  }

  /** A session helper in a call without a user: must answer 401, not 500. */
  @Rpc
  @Public
  public @Nullable String anonymousGet(String key) {
    return getSessionValue(key, String.class).orElse(null);
  }

  private static @Nullable Long boxed(OptionalLong value) {
    return value.isPresent() ? value.getAsLong() : null;
  }
}
