package dev.poto.it.core;

import dev.poto.annotations.Public;
import dev.poto.annotations.Roles;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoModule;
import dev.poto.runtime.context.PotoUser;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The end-to-end suite's module for the core protocol: one method per behaviour under test (access
 * rules, argument decoding, void, failures) and echoes of the call's context.
 */
@RpcModule("core")
public class CoreModule extends PotoModule {
  /** Text of the exception {@link #explode()} throws; must never reach a response body. */
  public static final String SECRET_FAILURE_TEXT = "database password is hunter2";

  private final AtomicInteger touches = new AtomicInteger();

  @Rpc
  @Public
  public String ping(String text) {
    return "pong:" + text;
  }

  /** Public, so anonymous callers get a Caller with a null id. */
  @Rpc
  @Public
  public Caller publicCaller() {
    PotoUser user = findCurrentUser().orElse(null);
    return new Caller(user == null ? null : user.id(), user == null ? List.of() : sortedRoles(user), requestId(), null);
  }

  @Rpc
  public Caller whoami() {
    PotoUser user = Poto.currentUser();
    return new Caller(user.id(), sortedRoles(user), Poto.requestId(), null);
  }

  /**
   * Echoes the caller's id and request id as read at the bottom of a {@code depth}-deep chain of
   * nested calls, together with the caller's tag.
   */
  @Rpc
  public Caller echo(String tag, int depth) {
    return nested(tag, depth);
  }

  private Caller nested(String tag, int depth) {
    if (depth > 0) {
      return nested(tag, depth - 1);
    }
    PotoUser user = currentUser();
    return new Caller(user.id(), sortedRoles(user), requestId(), tag);
  }

  @Rpc
  @Public
  public int add(int a, int b) {
    return a + b;
  }

  @Rpc
  @Public
  public String optionalNote(@Nullable String note) {
    return note == null ? "no note" : "note:" + note;
  }

  /** Answers 204. */
  @Rpc
  public void touch() {
    touches.incrementAndGet();
  }

  @Rpc
  @Public
  public int touches() {
    return touches.get();
  }

  @Rpc
  @Public
  public int length(String payload) {
    return payload.length();
  }

  /** A bug in module code: the caller must get a 500 with a request id and nothing of this. */
  @Rpc
  @Public
  public String explode() {
    throw new IllegalStateException(SECRET_FAILURE_TEXT);
  }

  @Rpc
  @Public
  public String refuse() {
    throw new RpcException(409, "already_done", "This was done already");
  }

  @Rpc
  @Roles("admin")
  public Caller adminOnly() {
    PotoUser user = currentUser();
    return new Caller(user.id(), sortedRoles(user), requestId(), "admin");
  }

  private static List<String> sortedRoles(PotoUser user) {
    return user.roles().stream().sorted().toList();
  }
}
