package dev.poto.runtime.testmodule;

import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.context.RequestContext;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * The module the runtime tests serve. Its dispatcher ({@link TestModuleDispatcher}) is written by
 * hand in the exact shape poto-processor generates. Annotations are left out on purpose: the runtime
 * reads only the RpcMethod constants.
 */
public class TestModule extends PotoModule {
  private static final AtomicReference<RequestContext> REMEMBERED = new AtomicReference<>();

  /** Released by nothing: a call blocked on it ends only through cancellation. */
  private final CountDownLatch never = new CountDownLatch(1);

  public String hello(String name) {
    return "hello " + name + " from " + currentUser().id();
  }

  public int add(int a, int b) {
    return a + b;
  }

  public String whoami() {
    return Poto.currentUser().id();
  }

  /** @Public; {@code text} is @Nullable. */
  public String publicEcho(String text) {
    return findCurrentUser().map(u -> u.id()).orElse("anonymous") + ":" + text;
  }

  public String maybe(Optional<String> value) {
    return value.map(v -> "some " + v).orElse("none");
  }

  /** @Roles("admin") */
  public String admin() {
    return "admin ok";
  }

  public void clear() {}

  public String boom() {
    throw new IllegalStateException("secret internal detail");
  }

  public String teapot() {
    // As if rethrown from a call to another Poto server: the caller still gets only the detail.
    throw new RpcException(418, "teapot", "I am a teapot").inCall("kitchen.brew");
  }

  public byte[] bytes(int n) {
    byte[] bytes = new byte[n];
    for (int i = 0; i < n; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  public int count(List<Item> items) {
    return items.stream().mapToInt(Item::quantity).sum();
  }

  /** Waits until cancelled (deadline or client gone). */
  public String waitForCancel() throws InterruptedException {
    never.await();
    return "released";
  }

  public String withHeader() {
    Poto.context().responseHeaders().add("X-Test", "set-by-module");
    Poto.context().responseHeaders().add("Poto-Request-Id", "module-made-up"); // the runtime's wins
    return "ok";
  }

  public Contextual contextual() {
    return new Contextual("lazy");
  }

  public boolean onVirtualThread() {
    return Thread.currentThread().isVirtual();
  }

  public Stream<Item> feed() {
    return Stream.of(new Item("a", 1));
  }

  /** What module code sees of the request headers (the request sends X-Multi twice). */
  public Map<String, String> headers() {
    RequestContext context = Poto.context();
    REMEMBERED.set(context);
    Map<String, String> seen = new TreeMap<>();
    seen.put("lookup", context.header("X-LOOKUP"));
    seen.put("multi", context.header("x-multi"));
    seen.put("mapLookup", context.requestHeaders().get("X-Lookup"));
    seen.put("mapMulti", context.requestHeaders().get("X-MULTI"));
    return seen;
  }

  /** The context of the last {@link #headers()} call, kept past its call only to test the snapshot. */
  public static RequestContext rememberedContext() {
    return REMEMBERED.get();
  }
}
