package dev.poto.processor.writer;

import com.palantir.javapoet.ClassName;
import dev.poto.contract.TypeRef;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.ParamModel;
import dev.poto.processor.model.RpcMethodModel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.Elements;

/**
 * A module's method table as {@code RpcMethodTable} reads it: one line per declared error class ({@code
 * ERROR NoteNotFound(long noteId, String? hint)}), then one per method ({@code VALUE List<Todo>
 * list(Optional<String>? filter) throws NoteNotFound}), and the classes the lines name, in order of first
 * use. A class is named by its simple name, or by its binary name where two classes of the module share
 * one; primitives and {@code void} need no class. A type argument, array component or stream item type
 * whose shape in the model may be null ({@code @Nullable}, or an Optional) is followed by {@code ?}
 * ({@code List<String?>}, {@code String?[]}). The runtime
 * decodes the text once, so a method costs the compiler one line of a string instead of an expression per
 * type.
 */
final class MethodTableText {
  private static final String OPTIONAL = "java.util.Optional";
  private final List<String> lines = new ArrayList<>();
  /** Every named class by qualified name, in order of first use. */
  private final Map<String, TypeElement> classes = new LinkedHashMap<>();
  private final Map<String, String> names = new HashMap<>();

  MethodTableText(ModuleModel module, List<ErrorModel> errors, Elements elements) {
    for (ErrorModel error : errors) {
      classes.putIfAbsent(error.element().getQualifiedName().toString(), error.element());
      error.fields().forEach(field -> collect(field.type()));
    }
    for (RpcMethodModel method : module.methods()) {
      collect(method.result().valueType());
      method.params().forEach(param -> collect(param.type()));
    }
    Map<String, Integer> simpleNames = new HashMap<>();
    classes.values().forEach(type -> simpleNames.merge(type.getSimpleName().toString(), 1, Integer::sum));
    classes.forEach((qualified, type) -> names.put(qualified,
        simpleNames.get(type.getSimpleName().toString()) == 1
            ? type.getSimpleName().toString()
            : elements.getBinaryName(type).toString()));
    for (ErrorModel error : errors) {
      lines.add(errorLine(error));
    }
    for (RpcMethodModel method : module.methods()) {
      lines.add(line(method));
    }
  }

  /** The lines: the errors, then one per method in index order. */
  List<String> lines() {
    return lines;
  }

  /** The classes the lines name, for their literals next to the table. */
  List<ClassName> classes() {
    return classes.values().stream().map(ClassName::get).toList();
  }

  private String errorLine(ErrorModel error) {
    StringJoiner fields = new StringJoiner(", ", "(", ")");
    for (ErrorModel.Field field : error.fields()) {
      fields.add(name(field.type(), field.shape()) + (field.required() ? " " : "? ") + field.name());
    }
    return "ERROR " + names.get(error.element().getQualifiedName().toString()) + fields;
  }

  private String line(RpcMethodModel method) {
    StringJoiner params = new StringJoiner(", ", "(", ")");
    for (ParamModel param : method.params()) {
      params.add(name(param.type(), param.shape()) + (param.required() ? " " : "? ") + param.name());
    }
    StringBuilder line = new StringBuilder()
        .append(method.resultKind().name()).append(' ')
        .append(method.resultKind().isEventStream()
            ? element(method.result().valueType(), method.result().shape())
            : name(method.result().valueType(), method.result().shape()))
        .append(' ')
        .append(method.name()).append(params);
    if (!method.errors().isEmpty()) {
      StringJoiner thrown = new StringJoiner(", ", " throws ", "");
      method.errors().forEach(error -> thrown.add(names.get(error.element().getQualifiedName().toString())));
      line.append(thrown);
    }
    return line.toString();
  }

  /**
   * The type's name; {@code shape} is its wire shape in the model (null where no JSON travels), which
   * says which type arguments and array components may be null: the model's one null rule, not the
   * annotations read again.
   */
  private String name(TypeMirror type, TypeRef shape) {
    TypeRef bare = shape == null ? null : shape.nonNull();
    return switch (type.getKind()) {
      case VOID -> "void";
      case ARRAY -> element(((ArrayType) type).getComponentType(), bare instanceof TypeRef.Sequence(TypeRef e) ? e : null)
          + "[]";
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        String raw = names.get(qualifiedName(declared));
        List<? extends TypeMirror> arguments = declared.getTypeArguments();
        if (arguments.isEmpty()) {
          yield raw;
        }
        StringJoiner named = new StringJoiner(", ", raw + "<", ">");
        for (int i = 0; i < arguments.size(); i++) {
          named.add(element(arguments.get(i), argumentShape(declared, bare, i)));
        }
        yield named.toString();
      }
      default -> type.toString(); // a primitive keyword
    };
  }

  /**
   * A type argument or array component, or a stream's item type (an element of the stream): its name,
   * marked when its shape allows null.
   */
  private String element(TypeMirror type, TypeRef shape) {
    return shape instanceof TypeRef.Nullable ? name(type, shape) + "?" : name(type, shape);
  }

  /** The shape of type argument {@code index} of {@code type}, read from the shape of {@code type} itself. */
  private static TypeRef argumentShape(DeclaredType type, TypeRef shape, int index) {
    if (qualifiedName(type).equals(OPTIONAL)) {
      return shape; // Optional<T> is T or null: T's shape without the null the Optional adds
    }
    return switch (shape) {
      case TypeRef.Sequence(TypeRef element) -> element;
      case TypeRef.Dictionary(TypeRef key, TypeRef value) -> index == 0 ? key : value;
      case TypeRef.Named(String name, List<TypeRef> arguments) when index < arguments.size() -> arguments.get(index);
      case null, default -> throw new IllegalStateException("the shape " + shape + " does not describe " + type);
    };
  }

  private void collect(TypeMirror type) {
    switch (type.getKind()) {
      case VOID -> { } // the table's "void" needs no class
      case ARRAY -> collect(((ArrayType) type).getComponentType());
      case DECLARED -> {
        DeclaredType declared = (DeclaredType) type;
        classes.putIfAbsent(qualifiedName(declared), (TypeElement) declared.asElement());
        declared.getTypeArguments().forEach(this::collect);
      }
      default -> {
        if (!type.getKind().isPrimitive()) {
          throw new IllegalArgumentException("not a wire type: " + type);
        }
      }
    }
  }

  private static String qualifiedName(DeclaredType type) {
    return ((TypeElement) type.asElement()).getQualifiedName().toString();
  }
}
