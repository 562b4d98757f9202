package dev.poto.processor.validation;

import dev.poto.contract.TypeRef;
import dev.poto.processor.errors.ErrorModel;
import dev.poto.processor.model.ResultShape;
import java.util.List;

/**
 * What phase 1 read from one module: its problems and, when there are none, the wire shapes of its
 * {@code @Rpc} methods, which the model is then built from (the shapes are built once, by validation).
 *
 * @param report every problem found, printed once
 * @param methods one entry per {@code @Rpc} method in declaration order; empty when the module has an
 *     error or no {@code @Rpc} method
 */
public record ValidatedModule(ValidationReport report, List<MethodShapes> methods) {

  public ValidatedModule {
    methods = List.copyOf(methods);
  }

  /** A method's parameter shapes in declaration order, its result, and its declared errors in {@code throws} order. */
  public record MethodShapes(List<TypeRef> parameters, ResultShape result, List<ErrorModel> errors) {
    public MethodShapes(List<TypeRef> parameters, ResultShape result) {
      this(parameters, result, List.of());
    }

    public MethodShapes {
      parameters = List.copyOf(parameters);
      errors = List.copyOf(errors);
    }

    public MethodShapes withErrors(List<ErrorModel> declared) {
      return new MethodShapes(parameters, result, declared);
    }
  }

  /** Whether the model may be built from it: no error and at least one method. */
  public boolean isValid() {
    return !report.hasErrors() && !methods.isEmpty();
  }
}
