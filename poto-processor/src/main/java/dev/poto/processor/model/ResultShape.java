package dev.poto.processor.model;

import dev.poto.contract.TypeRef;
import dev.poto.processor.types.KnownTypes;
import dev.poto.protocol.ResultKind;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * A method's declared return type read as wire result: its kind, the Java type of the value(s) sent and
 * their JSON shape.
 *
 * @param kind how the result travels
 * @param valueType the element type for stream kinds, the return type otherwise ({@code void} for VOID)
 * @param shape the JSON shape of the value (VALUE) or of each item (stream kinds); null for VOID, BYTES
 *     and INPUT_STREAM, which carry no JSON
 */
public record ResultShape(ResultKind kind, TypeMirror valueType, TypeRef shape) {

  static final String STREAM = "java.util.stream.Stream";
  static final String ITERATOR = "java.util.Iterator";
  static final String PUBLISHER = "java.util.concurrent.Flow.Publisher";
  static final String INPUT_STREAM = "java.io.InputStream";

  public ResultShape {
    if (kind.isJson() != (shape != null)) {
      throw new IllegalArgumentException(kind + (shape == null ? " needs" : " has no") + " JSON shape");
    }
  }

  /**
   * The kind of {@code returnType} and the type of its value(s). For a stream kind without exactly one
   * type argument the value type is the return type itself; validation rejects that case.
   */
  public static Classified classify(TypeMirror returnType, KnownTypes known) {
    if (returnType.getKind() == TypeKind.VOID) {
      return new Classified(ResultKind.VOID, returnType);
    }
    if (known.isByteArray(returnType)) {
      return new Classified(ResultKind.BYTES, returnType);
    }
    if (known.isSubtypeOf(returnType, INPUT_STREAM)) {
      return new Classified(ResultKind.INPUT_STREAM, returnType);
    }
    ResultKind streamKind = known.isExactly(returnType, STREAM) ? ResultKind.STREAM
        : known.isExactly(returnType, ITERATOR) ? ResultKind.ITERATOR
        : known.isExactly(returnType, PUBLISHER) ? ResultKind.PUBLISHER
        : null;
    if (streamKind != null) {
      var args = KnownTypes.typeArguments(returnType);
      return new Classified(streamKind, args.size() == 1 ? args.getFirst() : returnType);
    }
    return new Classified(ResultKind.VALUE, returnType);
  }

  /** A return type's kind and value type, before its shape is known. */
  public record Classified(ResultKind kind, TypeMirror valueType) {
    public ResultShape withShape(TypeRef shape) {
      return new ResultShape(kind, valueType, shape);
    }
  }
}
