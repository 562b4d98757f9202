package dev.poto.processor.model;

import dev.poto.processor.types.KnownTypes;
import dev.poto.protocol.ResultKind;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A method's declared return type read as wire result: its kind and the type of the value(s) sent.
 *
 * @param kind how the result travels
 * @param valueType the element type for stream kinds, the return type otherwise ({@code void} for VOID)
 */
public record ResultShape(ResultKind kind, TypeMirror valueType) {

  static final String STREAM = "java.util.stream.Stream";
  static final String ITERATOR = "java.util.Iterator";
  static final String PUBLISHER = "java.util.concurrent.Flow.Publisher";
  static final String INPUT_STREAM = "java.io.InputStream";

  /**
   * Classifies {@code returnType}. For a stream kind without exactly one type argument the value type
   * is the return type itself; validation rejects that case before a model is built.
   */
  public static ResultShape of(TypeMirror returnType, KnownTypes known) {
    if (returnType.getKind() == TypeKind.VOID) {
      return new ResultShape(ResultKind.VOID, returnType);
    }
    if (known.isByteArray(returnType)) {
      return new ResultShape(ResultKind.BYTES, returnType);
    }
    if (known.isSubtypeOf(returnType, INPUT_STREAM)) {
      return new ResultShape(ResultKind.INPUT_STREAM, returnType);
    }
    ResultKind streamKind = known.isExactly(returnType, STREAM) ? ResultKind.STREAM
        : known.isExactly(returnType, ITERATOR) ? ResultKind.ITERATOR
        : known.isExactly(returnType, PUBLISHER) ? ResultKind.PUBLISHER
        : null;
    if (streamKind != null) {
      var args = KnownTypes.typeArguments(returnType);
      return new ResultShape(streamKind, args.size() == 1 ? args.getFirst() : returnType);
    }
    return new ResultShape(ResultKind.VALUE, returnType);
  }
}
