package dev.poto.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/** The shared subtype answers agree with javac's, and javac is asked once per type and name in a round. */
class SubtypesTest {
  private static final String FIXTURE = """
      package p;
      import java.util.*;
      public class Fields {
        public List<String> strings;
        public List<Integer> integers;
        public ArrayList<String> arrayList;
        public HashMap<String, Integer> hashMap;
        public Own own;
        public Rec rec;
        public String string;
        public Iterator<String> iterator;
        public int primitive;
        public String[] array;
        public static class Own extends ArrayList<Rec> {}
        public record Rec(int x) {}
      }
      """;
  private static final List<String> NAMES = List.of(
      "java.util.Collection", "java.util.Map", "java.util.Iterator", "java.lang.CharSequence", "no.such.Type");

  @Test
  void answersAgreeWithJavacIsAssignable() {
    compile(fixture -> {
      Types types = fixture.types();
      List<VariableElement> fields = fixture.fields();
      Subtypes subtypes = new Subtypes(types, fixture.elements());
      int checked = 0;
      for (VariableElement field : fields) {
        for (String name : NAMES) {
          TypeMirror type = field.asType();
          TypeElement target = fixture.elements().getTypeElement(name);
          boolean expected = type.getKind() == TypeKind.DECLARED && target != null
              && types.isAssignable(types.erasure(type), types.erasure(target.asType()));
          assertThat(subtypes.isSubtypeOf(type, name)).as(field + " <: " + name).isEqualTo(expected);
          checked += expected ? 1 : 0;
        }
      }
      assertThat(checked).as("some answers are yes").isEqualTo(7);
    });
  }

  @Test
  void asksJavacOncePerTypeAndNameInARound() {
    compile(fixture -> {
      Types types = fixture.types();
      List<VariableElement> fields = fixture.fields();
      AtomicInteger calls = new AtomicInteger();
      Types counting = (Types) Proxy.newProxyInstance(Types.class.getClassLoader(), new Class<?>[] {Types.class},
          (proxy, method, args) -> {
            if (method.getName().equals("isAssignable")) {
              calls.incrementAndGet();
            }
            try {
              return method.invoke(types, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
      Subtypes subtypes = new Subtypes(counting, fixture.elements());
      TypeMirror strings = field(fields, "strings").asType();
      TypeMirror integers = field(fields, "integers").asType();
      assertThat(subtypes.isSubtypeOf(strings, "java.util.Collection")).isTrue();
      assertThat(subtypes.isSubtypeOf(integers, "java.util.Collection")).isTrue(); // same erasure: List
      assertThat(subtypes.isSubtypeOf(strings, "java.util.Collection")).isTrue();
      assertThat(subtypes.isSubtypeOf(strings, "java.util.Map")).isFalse();
      assertThat(subtypes.isSubtypeOf(strings, "java.util.Map")).isFalse();
      assertThat(calls.get()).isEqualTo(2);
      subtypes.newRound();
      assertThat(subtypes.isSubtypeOf(integers, "java.util.Collection")).isTrue();
      assertThat(calls.get()).as("a new round asks again").isEqualTo(3);
    });
  }

  private static VariableElement field(List<VariableElement> fields, String name) {
    return fields.stream().filter(f -> f.getSimpleName().contentEquals(name)).findFirst().orElseThrow();
  }

  /** What a check sees inside javac: its type utilities and the fixture's fields. */
  private record Fixture(Types types, Elements elements, List<VariableElement> fields) {}

  /** Runs {@code check} inside javac with the fixture's fields. */
  private static void compile(Consumer<Fixture> check) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///p/Fields.java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return FIXTURE;
      }
    };
    List<Throwable> failures = new ArrayList<>();
    JavaCompiler.CompilationTask task = compiler.getTask(null, null, null, List.of("-proc:only"), null, List.of(source));
    task.setProcessors(List.of(new FieldsProcessor(fixture -> {
      try {
        check.accept(fixture);
      } catch (Throwable e) {
        failures.add(e);
      }
    })));
    assertThat(task.call()).isTrue();
    if (!failures.isEmpty()) {
      throw new AssertionError(failures.getFirst());
    }
  }

  @SupportedAnnotationTypes("*")
  private static final class FieldsProcessor extends AbstractProcessor {
    private final Consumer<Fixture> check;
    private boolean done;

    FieldsProcessor(Consumer<Fixture> check) {
      this.check = check;
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        TypeElement fields = processingEnv.getElementUtils().getTypeElement("p.Fields");
        check.accept(new Fixture(processingEnv.getTypeUtils(), processingEnv.getElementUtils(),
            ElementFilter.fieldsIn(fields.getEnclosedElements())));
      }
      return false;
    }
  }
}
