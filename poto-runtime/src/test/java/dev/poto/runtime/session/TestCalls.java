package dev.poto.runtime.session;

import dev.poto.runtime.Poto;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Simulated calls: a RequestContext per call, as the server will build it, and a client cookie jar. */
public final class TestCalls {
  private TestCalls() {}

  public static PotoUser user(String id) {
    return new PotoUser(id, Set.of("visitor"));
  }

  public static RequestContext context(PotoUser user, SessionProvider provider, Map<String, String> cookies) {
    return new RequestContext(UUID.randomUUID().toString(), user, Map.of(), cookies, null, provider);
  }

  /** Runs {@code task} as one call of {@code userId} without cookies. */
  public static <T> T call(SessionProvider provider, String userId, Callable<T> task) throws Exception {
    return Poto.callWith(context(user(userId), provider, Map.of()), task);
  }

  /** Every Set-Cookie value the call's answer would carry. */
  public static List<String> setCookies(RequestContext context) {
    List<String> values = new ArrayList<>();
    context.responseHeaders().commit((name, value) -> {
      if (name.equalsIgnoreCase("Set-Cookie")) {
        values.add(value);
      }
    });
    return values;
  }

  /** Runs {@code count} tasks at once on virtual threads and returns their results in order. */
  public static <T> List<T> concurrently(int count, IndexedTask<T> task) throws Exception {
    List<Future<T>> futures = new ArrayList<>();
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        int index = i;
        futures.add(executor.submit(() -> task.run(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    }
  }

  public interface IndexedTask<T> {
    T run(int index) throws Exception;
  }

  /**
   * One client with its own cookie jar, like a browser or a PotoClient instance: it sends the
   * cookies it holds and keeps what each answer sets (Max-Age=0 deletes).
   */
  public static final class Client {
    private final PotoUser user;
    private final SessionProvider provider;
    private final Map<String, String> jar = new ConcurrentHashMap<>();

    public Client(String userId, SessionProvider provider) {
      this.user = user(userId);
      this.provider = provider;
    }

    public String userId() {
      return user.id();
    }

    public Map<String, String> jar() {
      return jar;
    }

    /** One request: sends the jar as it is now, then stores the answer's cookies. */
    public <T> T call(Callable<T> task) throws Exception {
      return finish(start(), task);
    }

    /** A request context carrying the jar as it is now (lets a test interleave two requests). */
    public RequestContext start() {
      return context(user, provider, new HashMap<>(jar));
    }

    public <T> T finish(RequestContext context, Callable<T> task) throws Exception {
      T result = Poto.callWith(context, task);
      for (String setCookie : setCookies(context)) {
        String pair = setCookie.split(";", 2)[0];
        String name = pair.substring(0, pair.indexOf('='));
        String value = pair.substring(pair.indexOf('=') + 1);
        if (setCookie.contains("; Max-Age=0")) {
          jar.remove(name);
        } else {
          jar.put(name, value);
        }
      }
      return result;
    }
  }
}
