package dev.poto.runtime.observability;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import io.opentelemetry.api.trace.Span;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.MDC;

/** A module for the observability tests, its dispatcher written by hand in the generated shape. */
final class ObservedModule implements ModuleDispatcher {
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();
  static final RpcMethod SEEN = new RpcMethod("obs", "seen", 0, List.of(),
      TYPES.constructMapType(Map.class, String.class, String.class), ResultKind.VALUE, false, Set.of());
  static final RpcMethod BOOM = new RpcMethod("obs", "boom", 1, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  static final RpcMethod TWO = new RpcMethod("obs", "two", 2, List.of(),
      TYPES.constructType(String.class), ResultKind.STREAM, false, Set.of());

  @Override
  public String route() {
    return "obs";
  }

  @Override
  public List<RpcMethod> methods() {
    return List.of(SEEN, BOOM, TWO);
  }

  @Override
  public RpcMethod method(String name) {
    return methods().stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  @Override
  public Object invoke(RpcMethod method, Object[] args) {
    return switch (method.index()) {
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
      default -> throw new IllegalArgumentException(method.name());
    };
  }
}
