package dev.poto.runtime.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import dev.poto.runtime.scheduling.Scheduled;
import dev.poto.runtime.scheduling.TaskScheduler;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's public keys, fetched from its JWKS (found through discovery unless configured) and
 * kept in memory.
 *
 * <ul>
 *   <li>A token naming a cached key never waits on the network: when the cache is older than the
 *       refresh interval, a background fetch (a task on the runtime's scheduler) replaces it, and a
 *       failed fetch keeps the old keys.
 *   <li>A token naming an unknown key fetches at once (the provider rotated), but fetches are
 *       rate limited to one per {@link OidcConfig#keyFetchMinInterval}, and concurrent callers share one
 *       fetch. Waiting is bounded by the fetch timeout; a key still not found is 401 {@code unknown_key}.
 * </ul>
 */
final class ProviderKeys implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProviderKeys.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";

  private final OidcConfig config;
  private final HttpClient http;
  private final TaskScheduler scheduler;
  private Scheduled pendingRefresh = Scheduled.NONE;
  private boolean closed;
  private final ReentrantLock fetching = new ReentrantLock();
  private final AtomicBoolean backgroundRefresh = new AtomicBoolean();
  private volatile Snapshot snapshot;
  private volatile URI jwksUri;
  /** When the last fetch started, successful or not: the rate limit counts attempts. */
  private volatile Instant lastAttempt = Instant.MIN;

  /** A key set and when it was fetched. */
  private record Snapshot(JWKSet keys, Instant fetchedAt) {}

  ProviderKeys(OidcConfig config, TaskScheduler scheduler) {
    this.config = config;
    this.scheduler = scheduler;
    this.jwksUri = config.jwksUri();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.fetchTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** The cached keys that match the header's {@code kid}, type and algorithm; fetches as described above. */
  List<JWK> keysFor(JWSHeader header) {
    JWKMatcher matcher = JWKMatcher.forJWSHeader(header);
    Snapshot current = snapshot;
    List<JWK> found = current == null ? List.of() : new JWKSelector(matcher).select(current.keys());
    if (!found.isEmpty()) {
      refreshInBackgroundWhenStale(current);
      return found;
    }
    Snapshot refreshed = refreshForUnknownKey(current);
    return refreshed == null ? List.of() : new JWKSelector(matcher).select(refreshed.keys());
  }

  /** Whether keys were ever fetched; before that, no provider token can be checked. */
  boolean hasKeys() {
    return snapshot != null;
  }

  private void refreshInBackgroundWhenStale(Snapshot current) {
    Instant now = config.clock().instant();
    if (now.isBefore(current.fetchedAt().plus(config.keyRefreshInterval())) || rateLimited(now)) {
      return;
    }
    if (backgroundRefresh.compareAndSet(false, true)) {
      synchronized (this) {
        if (closed) {
          return;
        }
        pendingRefresh = scheduler.schedule(Duration.ZERO, () -> refreshInBackground(current));
      }
    }
  }

  private void refreshInBackground(Snapshot current) {
    try {
      fetching.lock();
      try {
        if (snapshot == current && !rateLimited(config.clock().instant())) {
          fetch();
        }
      } finally {
        fetching.unlock();
      }
    } finally {
      backgroundRefresh.set(false);
    }
  }

  private Snapshot refreshForUnknownKey(Snapshot seen) {
    try {
      if (!fetching.tryLock(config.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
        return snapshot; // a fetch is hanging: do not pile up behind it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return snapshot;
    }
    try {
      if (snapshot != seen || rateLimited(config.clock().instant())) {
        return snapshot; // fetched meanwhile, or too recently to ask again
      }
      fetch();
      return snapshot;
    } finally {
      fetching.unlock();
    }
  }

  private boolean rateLimited(Instant now) {
    return lastAttempt != Instant.MIN && now.isBefore(lastAttempt.plus(config.keyFetchMinInterval()));
  }

  /** Fetches the keys (after discovery, when needed); on failure logs and keeps what was cached. Holds the lock. */
  private void fetch() {
    Instant started = config.clock().instant();
    lastAttempt = started;
    try {
      if (jwksUri == null) {
        jwksUri = discoverJwksUri();
      }
      JWKSet keys = JWKSet.parse(get(jwksUri)).toPublicJWKSet();
      snapshot = new Snapshot(keys, started);
      log.debug("Fetched {} signing keys of OIDC issuer {}", keys.getKeys().size(), config.issuer());
    } catch (IOException | java.text.ParseException | RuntimeException e) {
      log.warn("Could not fetch the signing keys of OIDC issuer {} ({}); {}", config.issuer(), e.getMessage(),
          snapshot == null ? "its tokens are refused until a fetch succeeds" : "the cached keys stay in use");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private URI discoverJwksUri() throws IOException, InterruptedException {
    String issuer = config.issuer();
    String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
    JsonNode document = JSON.readTree(get(URI.create(base + DISCOVERY_PATH)));
    JsonNode published = document == null ? null : document.get("issuer");
    if (published == null || !issuer.equals(published.asText())) {
      throw new IOException("the discovery document names another issuer");
    }
    JsonNode uri = document.get("jwks_uri");
    if (uri == null || !uri.isTextual()) {
      throw new IOException("the discovery document has no jwks_uri");
    }
    URI jwks = URI.create(uri.textValue());
    config.requireSecure(jwks, "jwks_uri");
    return jwks;
  }

  /** The body of a 200 answer, read whole within the fetch timeout and the size limit. */
  private String get(URI uri) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(config.fetchTimeout()).header("Accept", "application/json").GET().build();
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(request, BodyHandlers.limiting(BodyHandlers.ofByteArray(), OidcConfig.MAX_DOCUMENT_BYTES));
    HttpResponse<byte[]> response;
    try {
      response = answer.get(config.fetchTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IOException(uri + " did not answer within " + config.fetchTimeout());
    } catch (InterruptedException e) {
      answer.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      throw new IOException(uri + " could not be read: " + e.getCause().getMessage(), e.getCause());
    }
    if (response.statusCode() != 200) {
      throw new IOException(uri + " answered " + response.statusCode());
    }
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  /** Drops a refresh not started yet and aborts a fetch still running (a hanging provider must not hold up shutdown). */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      pendingRefresh.cancel();
    }
    http.shutdownNow();
  }
}
