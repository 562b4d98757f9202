package dev.poto.runtime.testmodule;

import static dev.poto.protocol.GenericTypes.generic;

import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Hand-written in the shape of the processor's output (see BRIEF "Generated code shape"). */
public final class TestModuleDispatcher implements ModuleDispatcher {
  private static final String ROUTE = "test";

  public static final RpcMethod HELLO = new RpcMethod(ROUTE, "hello", 0, ResultKind.VALUE, String.class,
      new RpcParam("name", String.class, true));
  public static final RpcMethod ADD = new RpcMethod(ROUTE, "add", 1, ResultKind.VALUE, int.class,
      new RpcParam("a", int.class, true),
      new RpcParam("b", int.class, true));
  public static final RpcMethod WHOAMI = new RpcMethod(ROUTE, "whoami", 2, ResultKind.VALUE, String.class);
  public static final RpcMethod PUBLIC_ECHO = new RpcMethod(ROUTE, "publicEcho", 3, ResultKind.VALUE, String.class,
      new RpcParam("text", String.class, false));
  public static final RpcMethod MAYBE = new RpcMethod(ROUTE, "maybe", 4, ResultKind.VALUE, String.class,
      new RpcParam("value", generic(Optional.class, String.class), false));
  public static final RpcMethod ADMIN = new RpcMethod(ROUTE, "admin", 5, ResultKind.VALUE, String.class);
  public static final RpcMethod CLEAR = new RpcMethod(ROUTE, "clear", 6, ResultKind.VOID, Void.class);
  public static final RpcMethod BOOM = new RpcMethod(ROUTE, "boom", 7, ResultKind.VALUE, String.class);
  public static final RpcMethod TEAPOT = new RpcMethod(ROUTE, "teapot", 8, ResultKind.VALUE, String.class);
  public static final RpcMethod BYTES = new RpcMethod(ROUTE, "bytes", 9, ResultKind.BYTES, byte[].class,
      new RpcParam("n", int.class, true));
  public static final RpcMethod COUNT = new RpcMethod(ROUTE, "count", 10, ResultKind.VALUE, int.class,
      new RpcParam("items", generic(List.class, Item.class), true));
  public static final RpcMethod WAIT_FOR_CANCEL = new RpcMethod(ROUTE, "waitForCancel", 11, ResultKind.VALUE, String.class);
  public static final RpcMethod WITH_HEADER = new RpcMethod(ROUTE, "withHeader", 12, ResultKind.VALUE, String.class);
  public static final RpcMethod FEED = new RpcMethod(ROUTE, "feed", 13, ResultKind.STREAM, Item.class);

  public static final RpcMethod CONTEXTUAL = new RpcMethod(ROUTE, "contextual", 14, ResultKind.VALUE, Contextual.class);

  public static final RpcMethod ON_VIRTUAL_THREAD = new RpcMethod(ROUTE, "onVirtualThread", 15, ResultKind.VALUE, boolean.class);

  public static final RpcMethod HEADERS = new RpcMethod(ROUTE, "headers", 16, ResultKind.VALUE,
      generic(Map.class, String.class, String.class));

  private static final List<RpcMethod> METHODS = List.of(HELLO, ADD, WHOAMI, PUBLIC_ECHO, MAYBE, ADMIN,
      CLEAR, BOOM, TEAPOT, BYTES, COUNT, WAIT_FOR_CANCEL, WITH_HEADER, FEED, CONTEXTUAL, ON_VIRTUAL_THREAD,
      HEADERS);

  private final TestModule module;

  public TestModuleDispatcher(TestModule module) {
    this.module = Objects.requireNonNull(module);
  }

  @Override
  public List<RpcMethod> methods() {
    return METHODS;
  }

  @Override
  public MethodAccess access(int index) {
    switch (index) {
      case 3:
      case 15:
        return MethodAccess.PUBLIC;
      case 5:
        return MethodAccess.roles("admin");
      default:
        return MethodAccess.AUTHENTICATED;
    }
  }

  @Override
  @SuppressWarnings("unchecked")
  public Object invoke(int index, Object[] args) throws Exception {
    switch (index) {
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
      default: throw new IllegalArgumentException("Unknown method index " + index);
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
