package dev.poto.bench.session;

import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.session.SessionProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Session operations straight on a provider, each inside its own {@code Poto.callWith} context as a
 * call would make them (so the cookie provider decrypts the request cookie and encrypts a new one
 * every time), on many virtual threads, one user per thread.
 */
final class ProviderLevelBenchmark {
  private static final String JSON = "{\"owner\":\"bench\",\"items\":[\"apple\",\"pear\",\"plum\"],\"total\":3}";

  enum Op { READ, WRITE }

  record Outcome(double opsPerSecond, long ops, long errors) {}

  private final SessionProvider provider;
  private final String cookieName;
  private final int threads;
  private final List<PotoUser> users = new ArrayList<>();
  private final Map<String, Map<String, String>> cookiesByUser = new HashMap<>();

  ProviderLevelBenchmark(SessionProvider provider, String cookieName, int threads) {
    this.provider = provider;
    this.cookieName = cookieName;
    this.threads = threads;
    for (int i = 0; i < threads; i++) {
      users.add(new PotoUser("bench-user-" + i, Set.of("visitor")));
    }
  }

  /** Writes each user's value once and keeps the cookie the answer would carry (cookie provider). */
  void prepare() throws Exception {
    for (PotoUser user : users) {
      RequestContext context = context(user, Map.of());
      Poto.runWith(context, () -> provider.put(user.id(), SessionModule.KEY, JSON));
      Map<String, String> cookies = new HashMap<>();
      context.responseHeaders().commit((name, value) -> {
        if (name.equalsIgnoreCase("Set-Cookie") && cookieName != null && value.startsWith(cookieName + "=")) {
          cookies.put(cookieName, value.substring(cookieName.length() + 1, value.indexOf(';')));
        }
      });
      cookiesByUser.put(user.id(), Map.copyOf(cookies));
    }
  }

  Outcome measure(Op op, Duration duration) throws Exception {
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<long[]>> futures = new ArrayList<>();
    long start;
    long elapsed;
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (PotoUser user : users) {
        futures.add(executor.submit(() -> {
          Map<String, String> cookies = cookiesByUser.get(user.id());
          long ops = 0;
          long errors = 0;
          ready.countDown();
          go.await();
          while (!stop.get()) {
            RequestContext context = context(user, cookies);
            try {
              if (op == Op.READ) {
                Optional<String> value = Poto.callWith(context, () -> provider.get(user.id(), SessionModule.KEY));
                if (value.isEmpty()) {
                  errors++;
                }
              } else {
                Poto.runWith(context, () -> provider.put(user.id(), SessionModule.KEY, JSON));
              }
              ops++;
            } catch (RuntimeException e) {
              errors++;
            }
          }
          return new long[] {ops, errors};
        }));
      }
      ready.await();
      start = System.nanoTime();
      go.countDown();
      Thread.sleep(duration); // the measuring window itself, not a wait for a result
      stop.set(true);
      elapsed = System.nanoTime() - start;
    }
    long ops = 0;
    long errors = 0;
    for (Future<long[]> f : futures) {
      long[] r = f.get();
      ops += r[0];
      errors += r[1];
    }
    return new Outcome(ops / (elapsed / 1e9), ops, errors);
  }

  private RequestContext context(PotoUser user, Map<String, String> cookies) {
    return new RequestContext("bench", user, Map.of(), cookies, null, provider);
  }
}
