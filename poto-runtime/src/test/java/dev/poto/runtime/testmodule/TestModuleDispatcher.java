package dev.poto.runtime.testmodule;

import com.fasterxml.jackson.databind.type.TypeFactory;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Hand-written in the shape of the processor's output (see BRIEF "Generated code shape"). */
public final class TestModuleDispatcher implements ModuleDispatcher {
  private static final TypeFactory TYPES = TypeFactory.defaultInstance();
  private static final String ROUTE = "test";

  public static final RpcMethod HELLO = new RpcMethod(ROUTE, "hello", 0,
      List.of(new RpcParam("name", TYPES.constructType(String.class), true)),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod ADD = new RpcMethod(ROUTE, "add", 1,
      List.of(new RpcParam("a", TYPES.constructType(int.class), true),
          new RpcParam("b", TYPES.constructType(int.class), true)),
      TYPES.constructType(int.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod WHOAMI = new RpcMethod(ROUTE, "whoami", 2, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod PUBLIC_ECHO = new RpcMethod(ROUTE, "publicEcho", 3,
      List.of(new RpcParam("text", TYPES.constructType(String.class), false)),
      TYPES.constructType(String.class), ResultKind.VALUE, true, Set.of());
  public static final RpcMethod MAYBE = new RpcMethod(ROUTE, "maybe", 4,
      List.of(new RpcParam("value", TYPES.constructParametricType(Optional.class, String.class), false)),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod ADMIN = new RpcMethod(ROUTE, "admin", 5, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of("admin"));
  public static final RpcMethod CLEAR = new RpcMethod(ROUTE, "clear", 6, List.of(),
      TYPES.constructType(Void.class), ResultKind.VOID, false, Set.of());
  public static final RpcMethod BOOM = new RpcMethod(ROUTE, "boom", 7, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod TEAPOT = new RpcMethod(ROUTE, "teapot", 8, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod BYTES = new RpcMethod(ROUTE, "bytes", 9,
      List.of(new RpcParam("n", TYPES.constructType(int.class), true)),
      TYPES.constructType(byte[].class), ResultKind.BYTES, false, Set.of());
  public static final RpcMethod COUNT = new RpcMethod(ROUTE, "count", 10,
      List.of(new RpcParam("items", TYPES.constructCollectionType(List.class, Item.class), true)),
      TYPES.constructType(int.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod WAIT_FOR_CANCEL = new RpcMethod(ROUTE, "waitForCancel", 11, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod WITH_HEADER = new RpcMethod(ROUTE, "withHeader", 12, List.of(),
      TYPES.constructType(String.class), ResultKind.VALUE, false, Set.of());
  public static final RpcMethod FEED = new RpcMethod(ROUTE, "feed", 13, List.of(),
      TYPES.constructType(Item.class), ResultKind.STREAM, false, Set.of());

  public static final RpcMethod CONTEXTUAL = new RpcMethod(ROUTE, "contextual", 14, List.of(),
      TYPES.constructType(Contextual.class), ResultKind.VALUE, false, Set.of());

  public static final RpcMethod ON_VIRTUAL_THREAD = new RpcMethod(ROUTE, "onVirtualThread", 15, List.of(),
      TYPES.constructType(boolean.class), ResultKind.VALUE, true, Set.of());

  public static final RpcMethod HEADERS = new RpcMethod(ROUTE, "headers", 16, List.of(),
      TYPES.constructMapType(Map.class, String.class, String.class), ResultKind.VALUE, false, Set.of());

  private static final List<RpcMethod> METHODS = List.of(HELLO, ADD, WHOAMI, PUBLIC_ECHO, MAYBE, ADMIN,
      CLEAR, BOOM, TEAPOT, BYTES, COUNT, WAIT_FOR_CANCEL, WITH_HEADER, FEED, CONTEXTUAL, ON_VIRTUAL_THREAD,
      HEADERS);

  private final TestModule module;

  public TestModuleDispatcher(TestModule module) {
    this.module = Objects.requireNonNull(module);
  }

  @Override
  public String route() {
    return ROUTE;
  }

  @Override
  public List<RpcMethod> methods() {
    return METHODS;
  }

  @Override
  public RpcMethod method(String name) {
    switch (name) {
      case "hello": return HELLO;
      case "add": return ADD;
      case "whoami": return WHOAMI;
      case "publicEcho": return PUBLIC_ECHO;
      case "maybe": return MAYBE;
      case "admin": return ADMIN;
      case "clear": return CLEAR;
      case "boom": return BOOM;
      case "teapot": return TEAPOT;
      case "bytes": return BYTES;
      case "count": return COUNT;
      case "waitForCancel": return WAIT_FOR_CANCEL;
      case "withHeader": return WITH_HEADER;
      case "feed": return FEED;
      case "contextual": return CONTEXTUAL;
      case "onVirtualThread": return ON_VIRTUAL_THREAD;
      case "headers": return HEADERS;
      default: return null;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(RpcMethod method, Object[] args) throws Exception {
    switch (method.index()) {
      case 0: return module.hello((String) args[0]);
      case 1: return module.add((int) args[0], (int) args[1]);
      case 2: return module.whoami();
      case 3: return module.publicEcho((String) args[0]);
      case 4: return module.maybe((Optional<String>) args[0]);
      case 5: return module.admin();
      case 6: module.clear(); return null;
      case 7: return module.boom();
      case 8: return module.teapot();
      case 9: return module.bytes((int) args[0]);
      case 10: return module.count((List<Item>) args[0]);
      case 11: return module.waitForCancel();
      case 12: return module.withHeader();
      case 13: return module.feed();
      case 14: return module.contextual();
      case 15: return module.onVirtualThread();
      case 16: return module.headers();
      default: throw new IllegalArgumentException("Unknown method index " + method.index());
    }
  }

  public static final class Binding implements ModuleBinding {
    @Override
    public Class<?> moduleType() {
      return TestModule.class;
    }

    @Override
    public ModuleDispatcher bind(Object module) {
      return new TestModuleDispatcher((TestModule) module);
    }
  }
}
