package dev.poto.runtime.observability;

import dev.poto.runtime.session.SessionConflictException;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.session.SessionStats;
import dev.poto.runtime.session.SessionUnavailableException;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The session store as calls see it when observers are configured: each operation module code triggers
 * (get, put, update, remove, delete, exists) is reported to the observers with its outcome and
 * duration, then answered or thrown exactly as the store did. The store's identity (cookie store,
 * attempt counter, health check) stays with the runtime, which keeps the store itself.
 */
public final class ObservedSessionProvider implements SessionProvider {
  /** Outcomes reported to {@link CallObserver#sessionOperation}. */
  public static final String OK = "ok";
  public static final String UNAVAILABLE = "unavailable";
  public static final String CONFLICT = "conflict";
  public static final String ERROR = "error";

  private final SessionProvider store;
  private final CallObservers observers;

  public ObservedSessionProvider(SessionProvider store, CallObservers observers) {
    this.store = store;
    this.observers = observers;
  }

  /** The store behind this view. */
  public SessionProvider store() {
    return store;
  }

  private <T> T observe(String operation, Supplier<T> call) {
    long start = System.nanoTime();
    String outcome = ERROR;
    try {
      T result = call.get();
      outcome = OK;
      return result;
    } catch (SessionUnavailableException e) {
      outcome = UNAVAILABLE;
      throw e;
    } catch (SessionConflictException e) {
      outcome = CONFLICT;
      throw e;
    } finally {
      observers.sessionOperation(operation, outcome, Duration.ofNanos(System.nanoTime() - start));
    }
  }

  @Override
  public Optional<String> get(String userId, String key) {
    return observe("get", () -> store.get(userId, key));
  }

  @Override
  public void put(String userId, String key, String json) {
    observe("put", () -> {
      store.put(userId, key, json);
      return null;
    });
  }

  @Override
  public Optional<String> update(String userId, String key, UnaryOperator<Optional<String>> update) {
    return observe("update", () -> store.update(userId, key, update));
  }

  @Override
  public boolean remove(String userId, String key) {
    return observe("remove", () -> store.remove(userId, key));
  }

  @Override
  public boolean delete(String userId) {
    return observe("delete", () -> store.delete(userId));
  }

  @Override
  public boolean exists(String userId) {
    return observe("exists", () -> store.exists(userId));
  }

  @Override
  public SessionStats stats() {
    return store.stats();
  }

  @Override
  public long cleanupIdle(Duration maxIdle) {
    return store.cleanupIdle(maxIdle);
  }

  @Override
  public void start(TaskScheduler scheduler) {
    store.start(scheduler);
  }

  @Override
  public void close() {
    store.close();
  }
}
