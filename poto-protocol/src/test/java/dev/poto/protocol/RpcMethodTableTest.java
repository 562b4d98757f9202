package dev.poto.protocol;

import static dev.poto.protocol.GenericTypes.arrayOf;
import static dev.poto.protocol.GenericTypes.generic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RpcMethodTableTest {
  record Todo(String title) {}

  @Test
  void readsEachLineAsTheMethodAtItsIndex() {
    List<RpcMethod> methods = RpcMethodTable.decode("todo", """
        VALUE Todo add(String title, String? note, int priority)
        VALUE List<Todo> list(Optional<String>? filter)
        VOID void clear()
        VALUE Map<String, List<Todo>> byOwner(long[] ids, Todo[][] grid, List<Todo>[] pages)
        STREAM Todo feed()
        """, Todo.class, String.class, List.class, Optional.class, Map.class);

    assertThat(methods).containsExactly(
        new RpcMethod("todo", "add", 0, ResultKind.VALUE, Todo.class, List.of(
            new RpcParam("title", String.class, true),
            new RpcParam("note", String.class, false),
            new RpcParam("priority", int.class, true))),
        new RpcMethod("todo", "list", 1, ResultKind.VALUE, generic(List.class, Todo.class), List.of(
            new RpcParam("filter", generic(Optional.class, String.class), false))),
        new RpcMethod("todo", "clear", 2, ResultKind.VOID, Void.class, List.of()),
        new RpcMethod("todo", "byOwner", 3, ResultKind.VALUE,
            generic(Map.class, String.class, generic(List.class, Todo.class)), List.of(
            new RpcParam("ids", long[].class, true),
            new RpcParam("grid", Todo[][].class, true),
            new RpcParam("pages", arrayOf(generic(List.class, Todo.class)), true))),
        new RpcMethod("todo", "feed", 4, ResultKind.STREAM, Todo.class, List.of()));
  }

  /** A stream's item is an element of the stream: {@code ?} after its type marks it as one that may be null. */
  @Test
  void aStreamItemTypeMayBeMarkedNullable() {
    List<RpcMethod> methods = RpcMethodTable.decode("feed", """
        STREAM String? maybe()
        ITERATOR List<String?>? lists()
        PUBLISHER String always()
        """, String.class, List.class);
    assertThat(methods).extracting(RpcMethod::resultType).containsExactly(
        GenericTypes.nullable(String.class),
        GenericTypes.nullable(generic(List.class, GenericTypes.nullable(String.class))),
        String.class);
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE String? get()\n", String.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyPrimitiveNeedsNoClass() {
    RpcMethod method = RpcMethodTable.decode("p", """
        VALUE boolean all(byte a, short b, char c, int d, long e, float f, double g)
        """).getFirst();
    assertThat(method.resultType()).isEqualTo(boolean.class);
    assertThat(method.params().stream().map(RpcParam::type).toList())
        .containsExactly(byte.class, short.class, char.class, int.class, long.class, float.class, double.class);
  }

  @Test
  void aClassIsFoundByItsBinaryNameToo() {
    RpcMethod method = RpcMethodTable.decode("m", "VALUE dev.poto.protocol.RpcMethodTableTest$Todo get()\n",
        Todo.class).getFirst();
    assertThat(method.resultType()).isEqualTo(Todo.class);
  }

  @Test
  void aSimpleNameOfTwoClassesIsRefused() {
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE Todo get()\n", Todo.class, Other.Todo.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Todo names two classes");
    RpcMethod method = RpcMethodTable.decode("m", "VALUE dev.poto.protocol.RpcMethodTableTest$Other$Todo get()\n",
        Todo.class, Other.Todo.class).getFirst();
    assertThat(method.resultType()).isEqualTo(Other.Todo.class);
  }

  @Test
  void aMalformedLineFailsWithTheLineAndTheReason() {
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE Missing get()\n", Todo.class))
        .hasMessage("Method table of module m, line \"VALUE Missing get()\": no class Missing among the"
            + " table's classes at column 14");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE int get(int a int b)\n"))
        .hasMessageContaining("',' expected");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE int get(int a) extra\n"))
        .hasMessageContaining("'throws' expected");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE int get(int a)?\n"))
        .hasMessageContaining("unexpected text at the end");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "SOMETIMES int get()\n"))
        .hasMessageContaining("SOMETIMES");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE List<int get()\n", List.class))
        .hasMessageContaining("'>' expected");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VALUE Map<String> get()\n", String.class, Map.class))
        .hasMessageContaining("takes 2 type argument(s), not 1");
  }

  @Test
  void aQuestionMarkAfterAnElementMarksItNullable() {
    RpcMethod method = RpcMethodTable.decode("m", """
        VALUE List<String?> get(Map<String, Todo?>? byName, String?[] names, String?[][] grid, List<String[]?> rows)
        """, String.class, List.class, Map.class, Todo.class).getFirst();
    assertThat(method.resultType()).isEqualTo(generic(List.class, GenericTypes.nullable(String.class)));
    assertThat(GenericTypes.isNullable(((java.lang.reflect.ParameterizedType) method.resultType())
        .getActualTypeArguments()[0])).isTrue();
    assertThat(method.params()).containsExactly(
        new RpcParam("byName", generic(Map.class, String.class, GenericTypes.nullable(Todo.class)), false),
        new RpcParam("names", arrayOf(GenericTypes.nullable(String.class)), true),
        new RpcParam("grid", arrayOf(arrayOf(GenericTypes.nullable(String.class))), true),
        new RpcParam("rows", generic(List.class, GenericTypes.nullable(String[].class)), true));
  }

  @Test
  @SuppressWarnings("unchecked")
  void errorLinesGiveTheFieldsOfTheDeclaredErrorsMethodsThrow() {
    DeclaredError<Missing> missing = DeclaredError.of(Missing.class,
        e -> new Object[] {e.id, e.hints}, v -> new Missing((long) v[0], (List<String>) v[1]));
    DeclaredError<Locked> locked = DeclaredError.of(Locked.class, e -> new Object[] {}, v -> new Locked());
    List<RpcMethod> methods = RpcMethodTable.decode("m", """
        ERROR Missing(long id, List<String?>? hints)
        ERROR Locked()
        VALUE String get(long id) throws Missing
        VOID void edit(long id) throws Missing, Locked
        VALUE int count()
        """, List.of(missing, locked), Missing.class, Locked.class, String.class, List.class);

    assertThat(methods).extracting(RpcMethod::index).containsExactly(0, 1, 2);
    DeclaredError<?> decoded = methods.get(0).errors().getFirst();
    assertThat(decoded.type()).isEqualTo(Missing.class);
    assertThat(decoded.fields()).containsExactly(
        new RpcParam("id", long.class, true),
        new RpcParam("hints", generic(List.class, GenericTypes.nullable(String.class)), false));
    assertThat(methods.get(1).errors().stream().<Object>map(DeclaredError::type).toList())
        .containsExactly(Missing.class, Locked.class);
    assertThat(methods.get(1).errors().getFirst()).isSameAs(decoded);
    assertThat(methods.get(2).errors()).isEmpty();
    // The code passed next to the table reads and makes the error.
    Missing made = (Missing) decoded.create(new Object[] {7L, List.of("a")}, "r");
    assertThat(decoded.values(made)).containsExactly(7L, List.of("a"));
  }

  @Test
  void errorLinesAndDeclaredErrorsMustMatch() {
    DeclaredError<Locked> locked = DeclaredError.of(Locked.class, e -> new Object[] {}, v -> new Locked());
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VOID void edit() throws Locked\n", List.of(locked), Locked.class))
        .hasMessageContaining("no ERROR line for " + Locked.class.getName());
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "ERROR Locked()\n", List.of(), Locked.class))
        .hasMessageContaining("no declared error of " + Locked.class.getName());
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VOID void edit()\n", List.of(locked), Locked.class))
        .hasMessageContaining("1 declared errors but 0 ERROR lines");
    assertThatThrownBy(() -> RpcMethodTable.decode("m", "VOID void edit() catches Locked\n", List.of(locked), Locked.class))
        .hasMessageContaining("'throws' expected");
  }

  @dev.poto.annotations.RpcError(code = "missing", status = 404)
  static final class Missing extends DomainException {
    final long id;
    final List<String> hints;

    Missing(long id, List<String> hints) {
      super("missing " + id);
      this.id = id;
      this.hints = hints;
    }
  }

  @dev.poto.annotations.RpcError(code = "locked", status = 409)
  static final class Locked extends DomainException {
    Locked() {
      super("locked");
    }
  }

  static final class Other {
    record Todo(int id) {}
  }
}
