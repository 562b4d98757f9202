package dev.poto.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeBindings;
import com.fasterxml.jackson.databind.type.TypeFactory;
import com.fasterxml.jackson.databind.type.TypeModifier;
import com.google.testing.compile.Compilation;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.RpcParam;
import dev.poto.runtime.dispatch.MethodAccess;
import dev.poto.runtime.dispatch.ModuleBinding;
import dev.poto.runtime.dispatch.ModuleDispatcher;
import dev.poto.runtime.dispatch.ModuleRegistry;
import dev.poto.runtime.dispatch.RegisteredMethod;
import dev.poto.runtime.dispatch.RegisteredModule;
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
    }
    RegisteredModule registered = register(dispatcher, PotoJson.newMapper());
    assertThat(registered.method("add").rpc()).isSameAs(dispatcher.methods().getFirst());
    assertThat(registered.method("notExposed")).isNull();
    assertThat(registered.method("nope")).isNull();
  }

  @Test
  void dispatcherAndClientShareOneDescriptor() throws Exception {
    Class<?> descriptor = loader.loadClass("com.example.TodoModuleDescriptor");
    assertThat(newDispatcher().methods()).isSameAs(descriptor.getField("METHODS").get(null));
    assertThat(descriptor.getField("ADD").get(null)).isSameAs(newDispatcher().methods().getFirst());
  }

  @Test
  void parametersAreResolvedWithTheRuntimesMapper() throws Exception {
    RegisteredModule module = register(newDispatcher(), PotoJson.newMapper());
    RegisteredMethod add = module.method("add");
    assertThat(add.rpc().params()).extracting(RpcParam::name).containsExactly("title", "note", "priority");
    assertThat(add.rpc().params()).extracting(RpcParam::required).containsExactly(true, false, true);
    assertThat(add.rpc().params().get(2).primitive()).isTrue();
    assertThat(add.paramType(2).getRawClass()).isEqualTo(int.class);

    RegisteredMethod list = module.method("list");
    assertThat(list.rpc().params().getFirst().required()).isFalse();
    assertThat(list.paramType(0).isReferenceType()).isTrue();
    assertThat(list.paramType(0).getRawClass()).isEqualTo(Optional.class);
    assertThat(list.paramType(0).containedType(0).getRawClass()).isEqualTo(String.class);

    RegisteredMethod find = module.method("find");
    assertThat(find.paramType(0).getRawClass()).isEqualTo(UUID.class);
    JavaType hints = find.paramType(1);
    assertThat(hints.isMapLikeType()).isTrue();
    JavaType hintValue = hints.getContentType();
    assertThat(hintValue.getRawClass()).isEqualTo(Optional.class);
    assertThat(hintValue.containedType(0).isCollectionLikeType()).isTrue();
    assertThat(hintValue.containedType(0).getContentType().getRawClass().getName())
        .isEqualTo("com.example.TodoModule$Todo");
    JavaType pages = find.paramType(2);
    assertThat(pages.isArrayType()).isTrue();
    assertThat(pages.getContentType().getRawClass()).isEqualTo(List.class);

    assertThat(module.method("byOwner").paramType(1).getRawClass()).isEqualTo(long[].class);
  }

  @Test
  void theApplicationsTypeModifiersApplyToEveryDeclaredType() throws Exception {
    Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
    ObjectMapper mapper = PotoJson.newMapper();
    mapper.setTypeFactory(mapper.getTypeFactory().withModifier(new TypeModifier() {
      @Override
      public JavaType modifyType(JavaType type, java.lang.reflect.Type jdkType, TypeBindings context,
          TypeFactory typeFactory) {
        seen.add(type.getRawClass().getName());
        return type;
      }
    }));
    register(newDispatcher(), mapper);
    assertThat(seen).contains("com.example.TodoModule$Todo", "java.util.UUID", "java.util.Optional", "java.util.Map");
  }

  @Test
  void resultsCarryKindsAndElementTypes() throws Exception {
    RegisteredModule module = register(newDispatcher(), PotoJson.newMapper());
    assertThat(kindAndType(module, "add")).isEqualTo("VALUE com.example.TodoModule$Todo");
    assertThat(kindAndType(module, "clear")).isEqualTo("VOID java.lang.Void");
    assertThat(kindAndType(module, "feed")).isEqualTo("STREAM com.example.TodoModule$Todo");
    assertThat(kindAndType(module, "titles")).isEqualTo("ITERATOR java.lang.String");
    assertThat(kindAndType(module, "updates")).isEqualTo("PUBLISHER com.example.TodoModule$Todo");
    assertThat(kindAndType(module, "export")).isEqualTo("BYTES byte[]");
    assertThat(kindAndType(module, "download")).isEqualTo("INPUT_STREAM java.io.InputStream");
    assertThat(kindAndType(module, "count")).isEqualTo("VALUE int");
    assertThat(module.method("byOwner").rpc().resultType().getTypeName())
        .isEqualTo("java.util.Map<java.lang.String, java.util.List<com.example.TodoModule$Todo>>");
  }

  private static String kindAndType(RegisteredModule module, String name) {
    RpcMethod method = module.method(name).rpc();
    return method.resultKind() + " " + method.resultType().getTypeName();
  }

  @Test
  void methodAnnotationsOverrideClassAccess() throws Exception {
    RegisteredModule module = register(newDispatcher(), PotoJson.newMapper());
    assertThat(module.method("ping").access()).isEqualTo(MethodAccess.PUBLIC);
    assertThat(module.method("byOwner").access()).isEqualTo(MethodAccess.roles("admin", "ops"));
    assertThat(module.method("add").access()).isEqualTo(MethodAccess.roles("user"));
    assertThat(module.method("rename").access()).isEqualTo(MethodAccess.roles("user"));
  }

  @Test
  void invokeCallsTheModuleMethodsDirectly() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    Object added = dispatcher.invoke(index(dispatcher, "add"), new Object[] {"milk", "2l", 1});
    assertThat(added.toString()).isEqualTo("Todo[title=milk (2l), done=false]");
    dispatcher.invoke(index(dispatcher, "add"), new Object[] {"eggs", null, -1});

    Object listed = dispatcher.invoke(index(dispatcher, "list"), new Object[] {Optional.of("egg")});
    assertThat((List<?>) listed).hasSize(1).first().hasToString("Todo[title=eggs, done=true]");

    assertThat(dispatcher.invoke(index(dispatcher, "ping"), new Object[0])).isEqualTo("pong");
    assertThat(dispatcher.invoke(index(dispatcher, "count"), new Object[] {newTodoArray(2)})).isEqualTo(4);
    assertThat((Stream<?>) dispatcher.invoke(index(dispatcher, "feed"), new Object[] {1})).hasSize(1);
    Iterator<?> titles = (Iterator<?>) dispatcher.invoke(index(dispatcher, "titles"), new Object[0]);
    assertThat(List.<Object>of(titles.next(), titles.next())).containsExactly("milk (2l)", "eggs");
    assertThat(titles.hasNext()).isFalse();
    byte[] export = (byte[]) dispatcher.invoke(index(dispatcher, "export"), new Object[] {Map.of()});
    assertThat(new String(export, StandardCharsets.UTF_8)).isEqualTo("todos:2");
    try (InputStream in =
        (InputStream) dispatcher.invoke(index(dispatcher, "download"), new Object[] {"file"})) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("file");
    }
    Object byOwner =
        dispatcher.invoke(index(dispatcher, "byOwner"), new Object[] {Set.of("b", "a"), new long[0]});
    assertThat(List.<Object>copyOf(((Map<?, ?>) byOwner).keySet())).containsExactly("a", "b");
    assertThat(dispatcher.invoke(index(dispatcher, "rename"), new Object[] {"c", new String[] {"x", "y"}}))
        .isEqualTo("c:x,y");

    assertThat(dispatcher.invoke(index(dispatcher, "clear"), new Object[0])).isNull();
    assertThat((List<?>) dispatcher.invoke(index(dispatcher, "list"), new Object[] {Optional.empty()})).isEmpty();
  }

  @Test
  void invokeRejectsAnIndexOutsideTheModule() throws Exception {
    ModuleDispatcher dispatcher = newDispatcher();
    assertThatThrownBy(() -> dispatcher.invoke(99, new Object[0]))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("99");
  }

  private static int index(ModuleDispatcher dispatcher, String name) {
    return dispatcher.methods().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().index();
  }

  private static RegisteredModule register(ModuleDispatcher dispatcher, ObjectMapper mapper) {
    return ModuleRegistry.build(List.of(), List.of(dispatcher), mapper).module("todo");
  }

  @Test
  void bindRejectsNull() {
    assertThatThrownBy(() -> binding.bind(null)).isInstanceOf(NullPointerException.class);
  }

  private static Object newTodoArray(int length) throws ClassNotFoundException {
    return java.lang.reflect.Array.newInstance(loader.loadClass("com.example.TodoModule$Todo"), length);
  }
}
