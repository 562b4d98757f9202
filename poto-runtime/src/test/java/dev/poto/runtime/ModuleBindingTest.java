package dev.poto.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.protocol.PotoJson;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.dispatch.ModuleRegistry;
import dev.poto.runtime.support.TestHttp;
import dev.poto.runtime.support.TestServers;
import dev.poto.runtime.testmodule.TestModule;
import dev.poto.runtime.testmodule.TestModuleDispatcher;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Finding generated dispatchers through ServiceLoader&lt;ModuleBinding&gt; (registered in test resources). */
class ModuleBindingTest {
  /** A subclass has no binding of its own; its superclass's binding serves it. */
  static class ExtendedModule extends TestModule {}

  static class NotAModule {}

  @Test
  void bindingIsFoundForTheModuleClass() {
    ModuleDispatcher dispatcher = ModuleRegistry.bind(new TestModule());
    assertThat(dispatcher).isInstanceOf(TestModuleDispatcher.class);
    assertThat(dispatcher.route()).isEqualTo("test");
  }

  @Test
  void bindingIsFoundThroughASuperclass() {
    assertThat(ModuleRegistry.bind(new ExtendedModule())).isInstanceOf(TestModuleDispatcher.class);
  }

  @Test
  void missingBindingGivesAClearStartupError() {
    assertThatThrownBy(() -> PotoServer.create(c -> c.port(0).jwt(j -> j.secret(TestServers.SECRET)).module(new NotAModule())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no generated dispatcher for " + NotAModule.class.getName())
        .hasMessageContaining("is poto-processor on the annotation processor path?");
  }

  @Test
  void registrationAcceptsExactlyTheRoutesOfTheProtocolsRule() {
    for (String route : List.of("todo", "a-b", "a_b", "9lives", "a".repeat(64), "-x", "_auth", "a.b", "a b", "é",
        "a".repeat(65))) {
      ModuleDispatcher dispatcher = new ModuleDispatcher() {
        private final List<RpcMethod> methods = List.of(new RpcMethod(route, "ping", 0, ResultKind.VALUE, String.class));

        @Override
        public List<RpcMethod> methods() {
          return methods;
        }

        @Override
        public MethodAccess access(int index) {
          return MethodAccess.PUBLIC;
        }

        @Override
        public Object invoke(int index, Object[] args) {
          return "pong";
        }
      };
      if (Protocol.isValidRoute(route)) {
        assertThat(ModuleRegistry.build(List.of(), List.of(dispatcher), PotoJson.newMapper()).module(route)).isNotNull();
      } else {
        assertThatThrownBy(() -> ModuleRegistry.build(List.of(), List.of(dispatcher), PotoJson.newMapper()))
            .as(route)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining(Protocol.ROUTE_RULE);
      }
    }
  }

  @Test
  void twoModulesOnOneRouteAreRejected() {
    assertThatThrownBy(() -> PotoServer.create(c -> c.port(0).jwt(j -> j.secret(TestServers.SECRET))
            .module(new TestModule()).module(new TestModuleDispatcher(new TestModule()))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("route 'test'");
  }

  @Test
  void explicitDispatcherIsServed() {
    try (PotoServer server = PotoServer.builder().host("127.0.0.1").port(0)
        .jwt(j -> j.secret(TestServers.SECRET))
        .module(new TestModuleDispatcher(new TestModule()))
        .build().start()) {
      TestHttp http = new TestHttp(server.port());
      String token = http.visitor().get("token").asText();
      assertThat(http.post("/poto/test/add", "{\"a\":20,\"b\":3}", token).body()).isEqualTo("23");
      assertThat(server.runtime().modules().modules()).extracting(m -> m.route()).isEqualTo(List.of("test"));
    }
  }
}
