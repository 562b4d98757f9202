package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.google.testing.compile.Compilation;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated dispatcher of the representative module: found through the service loader,
 * bound to a real instance and invoked through the {@link ModuleDispatcher} interface only.
 */
class GeneratedDispatcherTest {
  @TempDir static Path classes;
  private static URLClassLoader loader;
  private static ModuleBinding binding;

  @BeforeAll
  static void compileAndLoad() {
    Compilation compilation =
        ProcessorTestSupport.compile(ProcessorTestSupport.TODO_MODULE, ProcessorTestSupport.NULLABLE);
    assertThat(compilation).succeeded();
    loader = CompiledClasses.load(compilation, classes);
    binding =
        java.util.ServiceLoader.load(ModuleBinding.class, loader).stream()
            .map(java.util.ServiceLoader.Provider::get)
            .filter(b -> b.moduleType().getName().equals("com.example.TodoModule"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("ServiceLoader did not find the TodoModule binding"));
  }

  @AfterAll
  static void close() throws Exception {
    loader.close();
  }

  private static ModuleDispatcher newDispatcher() throws ReflectiveOperationException {
    Object module = binding.moduleType().getConstructor().newInstance();
    return binding.bind(module);
  }

  @Test
  void bindingServesTheModuleClassFromTheCompilation() {
    assertThat(binding.getClass().getName()).isEqualTo("com.example.TodoModuleDispatcher$Binding");
    assertThat(binding.moduleType().getClassLoader()).isSameAs(loader);
  }

  @Test
  void describesRouteAndMethodsInDeclarationOrder() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    assertThat(dispatcher.route()).isEqualTo("todo");
    assertThat(dispatcher.methods())
        .extracting(RpcMethod::name)
        .containsExactly(
            "add", "list", "clear", "ping", "byOwner", "feed", "titles", "updates", "export",
            "download", "count", "find", "rename");
    for (int i = 0; i < dispatcher.methods().size(); i++) {
      RpcMethod method = dispatcher.methods().get(i);
      assertThat(method.index()).isEqualTo(i);
      assertThat(method.module()).isEqualTo("todo");
      assertThat(dispatcher.method(method.name())).isSameAs(method);
    }
    assertThat(dispatcher.method("notExposed")).isNull();
    assertThat(dispatcher.method("nope")).isNull();
  }

  @Test
  void parametersCarryJacksonTypesAndRequiredFlags() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    List<RpcParam> add = dispatcher.method("add").params();
    assertThat(add).extracting(RpcParam::name).containsExactly("title", "note", "priority");
    assertThat(add).extracting(RpcParam::required).containsExactly(true, false, true);
    assertThat(add.get(2).primitive()).isTrue();
    assertThat(add.get(2).type().getRawClass()).isEqualTo(int.class);

    RpcParam filter = dispatcher.method("list").params().getFirst();
    assertThat(filter.required()).isFalse();
    assertThat(filter.type().getRawClass()).isEqualTo(Optional.class);
    assertThat(filter.type().containedType(0).getRawClass()).isEqualTo(String.class);

    List<RpcParam> find = dispatcher.method("find").params();
    assertThat(find.get(0).type().getRawClass()).isEqualTo(UUID.class);
    JavaType hints = find.get(1).type();
    assertThat(hints.isMapLikeType()).isTrue();
    JavaType hintValue = hints.getContentType();
    assertThat(hintValue.getRawClass()).isEqualTo(Optional.class);
    assertThat(hintValue.containedType(0).isCollectionLikeType()).isTrue();
    assertThat(hintValue.containedType(0).getContentType().getRawClass().getName())
        .isEqualTo("com.example.TodoModule$Todo");
    JavaType pages = find.get(2).type();
    assertThat(pages.isArrayType()).isTrue();
    assertThat(pages.getContentType().getRawClass()).isEqualTo(List.class);

    assertThat(dispatcher.method("byOwner").params().get(1).type().getRawClass()).isEqualTo(long[].class);
  }

  @Test
  void resultsCarryKindsAndElementTypes() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    assertThat(kindAndType(dispatcher, "add")).isEqualTo("VALUE com.example.TodoModule$Todo");
    assertThat(kindAndType(dispatcher, "clear")).isEqualTo("VOID java.lang.Void");
    assertThat(kindAndType(dispatcher, "feed")).isEqualTo("STREAM com.example.TodoModule$Todo");
    assertThat(kindAndType(dispatcher, "titles")).isEqualTo("ITERATOR java.lang.String");
    assertThat(kindAndType(dispatcher, "updates")).isEqualTo("PUBLISHER com.example.TodoModule$Todo");
    assertThat(kindAndType(dispatcher, "export")).isEqualTo("BYTES [B");
    assertThat(kindAndType(dispatcher, "download")).isEqualTo("INPUT_STREAM java.io.InputStream");
    assertThat(kindAndType(dispatcher, "count")).isEqualTo("VALUE int");
    JavaType byOwner = dispatcher.method("byOwner").resultType();
    assertThat(byOwner.isMapLikeType()).isTrue();
    assertThat(byOwner.getContentType().isCollectionLikeType()).isTrue();
  }

  private static String kindAndType(ModuleDispatcher dispatcher, String name) {
    RpcMethod method = dispatcher.method(name);
    return method.resultKind() + " " + method.resultType().getRawClass().getName();
  }

  @Test
  void methodAnnotationsOverrideClassAccess() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    RpcMethod ping = dispatcher.method("ping");
    assertThat(ping.publicAccess()).isTrue();
    assertThat(ping.roles()).isEmpty();
    RpcMethod byOwner = dispatcher.method("byOwner");
    assertThat(byOwner.publicAccess()).isFalse();
    assertThat(byOwner.roles()).containsExactlyInAnyOrder("admin", "ops");
    RpcMethod add = dispatcher.method("add");
    assertThat(add.publicAccess()).isFalse();
    assertThat(add.roles()).containsExactly("user");
  }

  @Test
  void invokeCallsTheModuleMethodsDirectly() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    Object added = dispatcher.invoke(dispatcher.method("add"), new Object[] {"milk", "2l", 1});
    assertThat(added.toString()).isEqualTo("Todo[title=milk (2l), done=false]");
    dispatcher.invoke(dispatcher.method("add"), new Object[] {"eggs", null, -1});

    Object listed = dispatcher.invoke(dispatcher.method("list"), new Object[] {Optional.of("egg")});
    assertThat((List<?>) listed).hasSize(1).first().hasToString("Todo[title=eggs, done=true]");

    assertThat(dispatcher.invoke(dispatcher.method("ping"), new Object[0])).isEqualTo("pong");
    assertThat(dispatcher.invoke(dispatcher.method("count"), new Object[] {newTodoArray(2)})).isEqualTo(4);
    assertThat((Stream<?>) dispatcher.invoke(dispatcher.method("feed"), new Object[] {1})).hasSize(1);
    Iterator<?> titles = (Iterator<?>) dispatcher.invoke(dispatcher.method("titles"), new Object[0]);
    assertThat(List.<Object>of(titles.next(), titles.next())).containsExactly("milk (2l)", "eggs");
    assertThat(titles.hasNext()).isFalse();
    byte[] export = (byte[]) dispatcher.invoke(dispatcher.method("export"), new Object[] {Map.of()});
    assertThat(new String(export, StandardCharsets.UTF_8)).isEqualTo("todos:2");
    try (InputStream in =
        (InputStream) dispatcher.invoke(dispatcher.method("download"), new Object[] {"file"})) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("file");
    }
    Object byOwner =
        dispatcher.invoke(dispatcher.method("byOwner"), new Object[] {Set.of("b", "a"), new long[0]});
    assertThat(List.<Object>copyOf(((Map<?, ?>) byOwner).keySet())).containsExactly("a", "b");
    assertThat(dispatcher.invoke(dispatcher.method("rename"), new Object[] {"c", new String[] {"x", "y"}}))
        .isEqualTo("c:x,y");

    assertThat(dispatcher.invoke(dispatcher.method("clear"), new Object[0])).isNull();
    assertThat((List<?>) dispatcher.invoke(dispatcher.method("list"), new Object[] {Optional.empty()})).isEmpty();
  }

  @Test
  void invokeRejectsAMethodOfAnotherModule() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    RpcMethod foreign =
        new RpcMethod("other", "x", 99, List.of(), dispatcher.method("ping").resultType(), ResultKind.VALUE, false, Set.of());
    assertThatThrownBy(() -> dispatcher.invoke(foreign, new Object[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("99");
  }

  @Test
  void bindRejectsNull() {
    assertThatThrownBy(() -> binding.bind(null)).isInstanceOf(NullPointerException.class);
  }

  private static Object newTodoArray(int length) throws ClassNotFoundException {
    return java.lang.reflect.Array.newInstance(loader.loadClass("com.example.TodoModule$Todo"), length);
  }
}
