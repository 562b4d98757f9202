package dev.poto.protocol;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One declared error class as the wire sees it: its fields (name, declared type, whether it may be
 * null) in constructor order, how to read them from an instance (the server) and how to make an instance
 * from them (the Java client). Generated descriptors hold these as constants, without reflection; the
 * code and status are the class's {@code @RpcError}.
 *
 * @param <E> the error class
 */
public final class DeclaredError<E extends DomainException> {
  private final Class<E> type;
  private final List<RpcParam> fields;
  private final Function<E, Object[]> values;
  private final Function<Object[], E> create;

  private DeclaredError(Class<E> type, Function<E, Object[]> values, Function<Object[], E> create, List<RpcParam> fields) {
    this.type = Objects.requireNonNull(type, "type");
    this.values = Objects.requireNonNull(values, "values");
    this.create = Objects.requireNonNull(create, "create");
    this.fields = List.copyOf(fields);
  }

  /**
   * An error with its fields; generated descriptors leave the fields to their method table's {@code ERROR}
   * line.
   */
  public static <E extends DomainException> DeclaredError<E> of(
      Class<E> type, Function<E, Object[]> values, Function<Object[], E> create, RpcParam... fields) {
    return new DeclaredError<>(type, values, create, List.of(fields));
  }

  /** This error with the fields its table line gives, as {@link RpcMethodTable} reads them. */
  DeclaredError<E> withFields(List<RpcParam> tableFields) {
    return new DeclaredError<>(type, values, create, tableFields);
  }

  public Class<E> type() {
    return type;
  }

  public String code() {
    return DomainException.kindOf(type).code();
  }

  public int status() {
    return DomainException.kindOf(type).status();
  }

  /** The extension members of the problem, in constructor order. */
  public List<RpcParam> fields() {
    return fields;
  }

  /** The field values of {@code error}, which must be an instance of {@link #type()}. */
  public Object[] values(DomainException error) {
    return values.apply(type.cast(error));
  }

  /** The error a client rethrows, made with the values decoded in {@link #fields()} order. */
  public E create(Object[] fieldValues, String requestId) {
    E error = create.apply(fieldValues);
    error.received(requestId);
    return error;
  }

  @Override
  public String toString() {
    return "DeclaredError[" + type.getName() + "]";
  }
}
