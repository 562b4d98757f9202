package dev.poto.processor.writer;

import com.palantir.javapoet.NameAllocator;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ModuleModel;
import dev.poto.processor.model.RpcMethodModel;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of the constants in a module's descriptor: one {@code RpcMethod} per method, in UPPER_SNAKE
 * case and made unique ({@code getUser} and {@code get_user} cannot share one), plus {@code METHODS},
 * and one {@code DeclaredError} per error class the methods declare.
 */
final class DescriptorConstants {
  static final String METHODS = "METHODS";

  /** By identity: a method model's record hash would walk its whole signature. */
  private final Map<RpcMethodModel, String> names = new IdentityHashMap<>();
  private final Map<String, String> errorNames = new LinkedHashMap<>();
  private final Map<String, ErrorModel> errors = new LinkedHashMap<>();

  DescriptorConstants(ModuleModel module) {
    NameAllocator allocator = new NameAllocator();
    allocator.newName(METHODS, METHODS);
    for (RpcMethodModel method : module.methods()) {
      names.put(method, allocator.newName(upperSnake(method.name()), method));
    }
    for (RpcMethodModel method : module.methods()) {
      for (ErrorModel error : method.errors()) {
        String type = error.className().canonicalName();
        if (!errors.containsKey(type)) {
          errors.put(type, error);
          errorNames.put(type, allocator.newName(upperSnake(error.className().simpleName()), type));
        }
      }
    }
  }

  String name(RpcMethodModel method) {
    return names.get(method);
  }

  /** The declared errors of the module's methods, each once, in order of first mention. */
  Collection<ErrorModel> errors() {
    return errors.values();
  }

  /** The constant of a declared error, e.g. {@code NOTE_NOT_FOUND}. */
  String name(ErrorModel error) {
    return errorNames.get(error.className().canonicalName());
  }

  /** {@code listOpenItems} → {@code LIST_OPEN_ITEMS}. */
  static String upperSnake(String camel) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1)) && camel.charAt(i - 1) != '_') {
        out.append('_');
      }
      out.append(Character.toUpperCase(c));
    }
    return out.toString();
  }
}
