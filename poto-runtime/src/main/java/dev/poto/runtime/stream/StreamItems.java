package dev.poto.runtime.stream;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * How the items of one stream method become JSON: the mapper's writer for the element type and, for
 * a plain record type, a {@link RecordItemWriter} that writes the same bytes without Jackson per item.
 * Made once per method; the record writer is built at the method's first stream, not at start-up.
 */
public final class StreamItems {
  private final ObjectWriter writer;
  private final ObjectMapper mapper;
  private final JavaType type;
  private volatile boolean planned;
  private RecordItemWriter direct; // written before planned is set, read after it is seen

  private StreamItems(ObjectWriter writer, ObjectMapper mapper, JavaType type) {
    this.writer = writer;
    this.mapper = mapper;
    this.type = type;
    this.planned = mapper == null;
  }

  /** Items of {@code elementType} as {@code mapper} writes them; {@code writer} is its writer for that type. */
  public static StreamItems of(ObjectMapper mapper, JavaType elementType, ObjectWriter writer) {
    return new StreamItems(writer, mapper, elementType);
  }

  /** Items written by {@code writer} alone, every one through Jackson. */
  public static StreamItems jacksonOnly(ObjectWriter writer) {
    return new StreamItems(writer, null, null);
  }

  ObjectWriter writer() {
    return writer;
  }

  /** The direct writer, or null when the element type is not a plain record (or the mapper is unusual). */
  RecordItemWriter direct() {
    if (!planned) {
      synchronized (this) {
        if (!planned) {
          direct = RecordItemWriter.forType(mapper, type, JsonText.learn(writer));
          planned = true;
        }
      }
    }
    return direct;
  }

  /** Whether items are written without Jackson (for tests and diagnostics). */
  public boolean writesDirectly() {
    return direct() != null;
  }
}
