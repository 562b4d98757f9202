package dev.poto.runtime.health;

/**
 * Something readiness depends on, e.g. a session store that must be reachable. A session provider
 * that implements it is checked by {@code {prefix}/_health/ready}; the probe is anonymous, so an
 * implementation must be cheap and bounded in time (see {@link CachedHealthCheck}).
 */
@FunctionalInterface
public interface HealthCheck {
  /** True while the dependency works. Must not throw; must return within a bounded time. */
  boolean healthy();
}
