package dev.poto.runtime.observability;

import static dev.poto.protocol.GenericTypes.generic;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.Poto;
import dev.poto.runtime.Sessions;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.MDC;

/** A module for the observability tests, its dispatcher written by hand in the generated shape. */
final class ObservedModule implements ModuleDispatcher {
  static final RpcMethod SEEN = new RpcMethod("obs", "seen", 0, ResultKind.VALUE,
      generic(Map.class, String.class, String.class));
  static final RpcMethod BOOM = new RpcMethod("obs", "boom", 1, ResultKind.VALUE, String.class);
  static final RpcMethod TWO = new RpcMethod("obs", "two", 2, ResultKind.STREAM, String.class);
  static final RpcMethod REMEMBER = new RpcMethod("obs", "remember", 3, ResultKind.VALUE, String.class);
  static final RpcMethod WHERE = new RpcMethod("obs", "where", 4, ResultKind.STREAM,
      generic(Map.class, String.class, String.class));
  static final RpcMethod LARGE = new RpcMethod("obs", "large", 5, ResultKind.VALUE, String.class);
  /** The result of {@link #LARGE}: larger than Jetty's output buffer (32 KiB), and compressible. */
  static final String LARGE_RESULT = "0123456789abcdef".repeat(10_000);

  @Override
  public List<RpcMethod> methods() {
    return List.of(SEEN, BOOM, TWO, REMEMBER, WHERE, LARGE);
  }

  @Override
  public MethodAccess access(int index) {
    return MethodAccess.AUTHENTICATED;
  }

  /** Whether {@code thread} ends (soon): never true for the current thread, which is still running. */
  private static boolean ended(Thread thread) {
    if (thread == Thread.currentThread()) {
      return false;
    }
    try {
      return thread.join(java.time.Duration.ofSeconds(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public Object invoke(int index, Object[] args) {
    return switch (index) {
      case 0 -> {
        // What application code running in the call sees: the MDC keys and the current span.
        Map<String, String> seen = new TreeMap<>();
        seen.put("mdcRequestId", MDC.get(LogContext.REQUEST_ID));
        seen.put("mdcUserId", MDC.get(LogContext.USER_ID));
        seen.put("spanId", Span.current().getSpanContext().getSpanId());
        yield seen;
      }
      case 1 -> throw new IllegalStateException("boom");
      case 2 -> Stream.of("a", "b");
      case 3 -> { // one session write and one read
        Sessions.setSessionValue("note", "kept");
        yield Sessions.getSessionValue("note", String.class).orElseThrow();
      }
      case 4 -> {
        // One item, produced lazily: what module code producing a stream's items sees, and whether
        // the request's own thread, which ran this method, has ended meanwhile.
        Thread handler = Thread.currentThread();
        yield Stream.of(1).map(i -> {
          Map<String, String> seen = new TreeMap<>();
          seen.put("mdcRequestId", MDC.get(LogContext.REQUEST_ID));
          seen.put("mdcUserId", MDC.get(LogContext.USER_ID));
          seen.put("spanId", Span.current().getSpanContext().getSpanId());
          seen.put("user", Poto.currentUser().id());
          seen.put("handlerThreadEnded", Boolean.toString(ended(handler)));
          return seen;
        });
      }
      case 5 -> LARGE_RESULT;
      default -> throw new IndexOutOfBoundsException(index);
    };
  }
}
