package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.type.CollectionType;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set takes each element once. Jackson adds the elements of the array one by one, so a repeated
 * element ({@code [1,1]}, or two texts of one value) was dropped without a word and the method saw
 * fewer elements than were sent; here it is refused, naming the element. The elements go into a
 * {@link LinkedHashSet} (or {@link TreeSet} for sorted sets), so a set comes back in the order it was
 * sent.
 */
final class DistinctSets extends BeanDeserializerModifier {
  @Override
  public JsonDeserializer<?> modifyCollectionDeserializer(
      DeserializationConfig config, CollectionType type, BeanDescription description, JsonDeserializer<?> deserializer) {
    Class<?> raw = type.getRawClass();
    if (!Set.class.isAssignableFrom(raw)) {
      return deserializer;
    }
    return new Distinct(deserializer, raw);
  }

  private static final class Distinct extends DelegatingDeserializer {
    private final Class<?> raw;

    Distinct(JsonDeserializer<?> delegate, Class<?> raw) {
      super(delegate);
      this.raw = raw;
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Distinct(delegate, raw);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      if (!p.isExpectedStartArrayToken()) {
        return super.deserialize(p, ctxt); // not an array: the delegate refuses it
      }
      if (EnumSet.class.isAssignableFrom(raw)) {
        return distinctEnums(p, ctxt);
      }
      Set<Object> into;
      if (raw.isAssignableFrom(LinkedHashSet.class)) {
        into = new RefusingRepeats<>(p);
      } else if (raw.isAssignableFrom(TreeSet.class)) {
        into = new SortedRefusingRepeats(p);
      } else {
        return super.deserialize(p, ctxt); // a set class of its own: as Jackson reads it
      }
      try {
        return ((JsonDeserializer<Object>) _delegatee).deserialize(p, ctxt, into);
      } catch (RepeatedElement e) {
        throw e.failure;
      } catch (JsonMappingException e) {
        // Jackson wraps what add throws, with the path of the element.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
          if (cause instanceof RepeatedElement repeated) {
            throw repeated.failure;
          }
        }
        throw e;
      }
    }

    /** An EnumSet cannot be subclassed: its elements are counted on a copy, then read from it. */
    private Object distinctEnums(JsonParser p, DeserializationContext ctxt) throws IOException {
      TokenBuffer copy = ctxt.bufferAsCopyOfValue(p);
      int count = 0;
      try (JsonParser counting = copy.asParserOnFirstToken()) {
        for (JsonToken token = counting.nextToken(); token != JsonToken.END_ARRAY; token = counting.nextToken()) {
          counting.skipChildren();
          count++;
        }
      }
      Collection<?> read;
      try (JsonParser replay = copy.asParserOnFirstToken()) {
        read = (Collection<?>) _delegatee.deserialize(replay, ctxt);
      }
      if (read.size() != count) {
        throw StrictValueException.of(p, raw, "a set holds each element once: " + (count - read.size())
            + " of the " + count + " elements repeat another");
      }
      return read;
    }
  }

  /** Thrown by {@code add} (which cannot throw the checked failure itself) and unwrapped above. */
  private static final class RepeatedElement extends RuntimeException {
    final StrictValueException failure;

    RepeatedElement(StrictValueException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  private static StrictValueException repeated(JsonParser p, Object element, int index) {
    String shown = StrictNumbers.abbreviate(String.valueOf(element));
    StrictValueException failure = StrictValueException.of(p, Set.class,
        "a set holds each element once: " + shown + " repeats an earlier element");
    failure.prependPath(new JsonMappingException.Reference(null, index));
    return failure;
  }

  private static final class RefusingRepeats<E> extends LinkedHashSet<E> {
    private final transient JsonParser p;

    RefusingRepeats(JsonParser p) {
      this.p = p;
    }

    @Override
    public boolean add(E element) {
      if (!super.add(element)) {
        throw new RepeatedElement(repeated(p, element, size()));
      }
      return true;
    }
  }

  private static final class SortedRefusingRepeats extends TreeSet<Object> {
    private final transient JsonParser p;

    SortedRefusingRepeats(JsonParser p) {
      this.p = p;
    }

    @Override
    public boolean add(Object element) {
      if (!super.add(element)) {
        throw new RepeatedElement(repeated(p, element, size()));
      }
      return true;
    }
  }
}
