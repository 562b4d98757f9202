package dev.poto.protocol.json;

import dev.poto.protocol.GenericTypes;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * No {@code null} inside a list, set, array or map value unless the element type says it may be
 * ({@code List<@Nullable String>}, a {@link GenericTypes#nullable} mark in the declared type), at any
 * depth. Jackson keeps JSON nulls in containers, so a value is checked here after reading, guided by its
 * declared type: a top-level argument or result by its descriptor's type, a record component or bean
 * property by its annotated type ({@code NullCheckedContainer}).
 */
public final class NullElements {
  static final String MUST_NOT_BE_NULL = "must not be null (only @Nullable and Optional values may be)";

  private NullElements() {}

  /**
   * The rule for one stream item, which is an element of the stream: {@code null} only when the item
   * type is marked {@link GenericTypes#nullable} ({@code Stream<@Nullable String>}), then
   * {@link #check} inside it. The caller adds the item's index to the message.
   */
  public static void checkItem(Object item, Type declared) throws StrictValueException {
    if (item == null && !GenericTypes.isNullable(declared)) {
      throw StrictValueException.of(null, null, MUST_NOT_BE_NULL);
    }
    check(item, declared);
  }

  /**
   * Throws, with the path of the first null inside {@code value}, when a container of {@code declared}
   * holds a null its element type does not allow. Records and beans are not entered.
   */
  public static void check(Object value, Type declared) throws StrictValueException {
    if (value == null) {
      return;
    }
    Type type = declared instanceof WildcardType wildcard ? wildcard.getUpperBounds()[0] : declared;
    if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
      Type[] arguments = parameterized.getActualTypeArguments();
      if (value instanceof Collection<?> collection && Collection.class.isAssignableFrom(raw)) {
        int index = 0;
        for (Object element : collection) {
          element(element, arguments[0], index++);
        }
      } else if (value instanceof Map<?, ?> map && Map.class.isAssignableFrom(raw) && arguments.length == 2) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          try {
            if (entry.getValue() == null && !GenericTypes.isNullable(arguments[1])) {
              throw StrictValueException.of(null, null, MUST_NOT_BE_NULL);
            }
            check(entry.getValue(), arguments[1]);
          } catch (StrictValueException e) {
            e.prependPath(map, String.valueOf(entry.getKey()));
            throw e;
          }
        }
      } else if (value instanceof Optional<?> optional && raw == Optional.class && optional.isPresent()) {
        check(optional.get(), arguments[0]);
      }
    } else if (value instanceof Object[] array) {
      Type component = type instanceof GenericArrayType generic ? generic.getGenericComponentType()
          : type instanceof Class<?> c && c.isArray() ? c.getComponentType() : null;
      if (component != null) {
        for (int i = 0; i < array.length; i++) {
          element(array[i], component, i);
        }
      }
    }
  }

  private static void element(Object element, Type type, int index) throws StrictValueException {
    try {
      if (element == null && !GenericTypes.isNullable(type)) {
        throw StrictValueException.of(null, null, MUST_NOT_BE_NULL);
      }
      check(element, type);
    } catch (StrictValueException e) {
      e.prependPath(null, index);
      throw e;
    }
  }
}
