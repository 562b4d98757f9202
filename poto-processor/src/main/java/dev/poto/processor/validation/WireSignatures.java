package dev.poto.processor.validation;

import dev.poto.wire.WireShape;
import dev.poto.wire.WireShapes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire model of every valid module of the compilation: the shapes of each method's parameters and
 * result (the named types they reach live in {@link #shapes()}). Filled by validation, which is where
 * the shapes are built, and read by the client generators.
 */
public final class WireSignatures {
  /** A method's parameter shapes in declaration order and its result (value or item) shape, null if none. */
  public record MethodShapes(List<WireShape> parameters, WireShape result) {
    public MethodShapes {
      parameters = List.copyOf(parameters);
    }
  }

  private final WireShapes shapes;
  private final Map<String, Map<String, MethodShapes>> modules = new HashMap<>();

  public WireSignatures(WireShapes shapes) {
    this.shapes = shapes;
  }

  public WireShapes shapes() {
    return shapes;
  }

  void put(String module, String method, MethodShapes methodShapes) {
    modules.computeIfAbsent(module, m -> new HashMap<>()).put(method, methodShapes);
  }

  /** The shapes of a method of a module that passed validation. */
  public MethodShapes method(String module, String method) {
    MethodShapes found = modules.getOrDefault(module, Map.of()).get(method);
    if (found == null) {
      throw new IllegalStateException("no wire shapes for " + module + "." + method + "()");
    }
    return found;
  }
}
