package dev.poto.runtime.http;

import dev.poto.protocol.ResultKind;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The {@link ResultWriter} for each {@link ResultKind}; every kind has one. */
public final class ResultWriters {
  private final Map<ResultKind, ResultWriter> writers;

  private ResultWriters(Map<ResultKind, ResultWriter> writers) {
    for (ResultKind kind : ResultKind.values()) {
      Objects.requireNonNull(writers.get(kind), () -> "no ResultWriter for " + kind);
    }
    this.writers = new EnumMap<>(writers);
  }

  /** The runtime's writers. */
  public static ResultWriters standard() {
    Map<ResultKind, ResultWriter> writers = new EnumMap<>(ResultKind.class);
    writers.put(ResultKind.VOID, new VoidResultWriter());
    writers.put(ResultKind.VALUE, new ValueResultWriter());
    ResultWriter binary = new BinaryResultWriter();
    writers.put(ResultKind.BYTES, binary);
    writers.put(ResultKind.INPUT_STREAM, binary);
    ResultWriter events = new EventStreamResultWriter();
    writers.put(ResultKind.STREAM, events);
    writers.put(ResultKind.ITERATOR, events);
    writers.put(ResultKind.PUBLISHER, events);
    return new ResultWriters(writers);
  }

  /** A copy with {@code kind} written by {@code writer}. */
  public ResultWriters with(ResultKind kind, ResultWriter writer) {
    Map<ResultKind, ResultWriter> copy = new EnumMap<>(writers);
    copy.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(writer, "writer"));
    return new ResultWriters(copy);
  }

  public ResultWriter forKind(ResultKind kind) {
    return writers.get(kind);
  }
}
