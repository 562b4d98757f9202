package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ItemDecoderTest {
  static final ObjectMapper MAPPER = PotoJson.newMapper();

  /** Any annotation of this simple name marks a component that may be null. */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.TYPE_USE)
  @interface Nullable {}

  record Point(int x, @Nullable String label) {}

  /** Each value followed by the line ending the reader guarantees, in one array, at an offset. */
  private static <T> List<T> decodeAll(ItemDecoder decoder, String... jsons) throws IOException {
    StringBuilder text = new StringBuilder("garbage");
    int[] offsets = new int[jsons.length];
    int[] lengths = new int[jsons.length];
    for (int i = 0; i < jsons.length; i++) {
      offsets[i] = text.toString().getBytes(StandardCharsets.UTF_8).length;
      lengths[i] = jsons[i].getBytes(StandardCharsets.UTF_8).length;
      text.append(jsons[i]).append(i % 2 == 0 ? '\n' : '\r');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    List<T> values = new java.util.ArrayList<>();
    for (int i = 0; i < jsons.length; i++) {
      values.add(decoder.decode(bytes, offsets[i], lengths[i]));
    }
    return values;
  }

  @Test
  void decodesSuccessiveRecordsWithOneParser() throws Exception {
    ItemDecoder decoder = new ItemDecoder(MAPPER.readerFor(Point.class));

    List<Point> points = decodeAll(decoder, "{\"x\":1,\"label\":\"é\"}", "{\"x\":2,\"label\":\"a\\nb\"}", "{\"label\":null,\"x\":3}");

    assertThat(points).containsExactly(new Point(1, "é"), new Point(2, "a\nb"), new Point(3, null));
  }

  @Test
  void aNumberAtTheEndOfAnItemIsCompleteAndNotJoinedToTheNext() throws Exception {
    ItemDecoder decoder = new ItemDecoder(MAPPER.readerFor(Long.class));

    List<Long> numbers = decodeAll(decoder, "12", "34", "-5", "9007199254740993");

    assertThat(numbers).containsExactly(12L, 34L, -5L, 9007199254740993L);
  }

  @Test
  void scalarsArraysAndNullsAsTheReaderWouldDecodeThem() throws Exception {
    ItemDecoder strings = new ItemDecoder(MAPPER.readerFor(String.class));
    assertThat(decodeAll(strings, "\"a\"", "null", "\"b\"")).containsExactly("a", null, "b");

    ItemDecoder optionals = new ItemDecoder(MAPPER.readerFor(MAPPER.getTypeFactory()
        .constructParametricType(Optional.class, Integer.class)));
    assertThat(decodeAll(optionals, "1", "null", "2"))
        .containsExactly(Optional.of(1), Optional.empty(), Optional.of(2));

    ItemDecoder lists = new ItemDecoder(MAPPER.readerFor(MAPPER.getTypeFactory()
        .constructCollectionType(List.class, Integer.class)));
    assertThat(decodeAll(lists, "[1,2]", "[]", "[3]")).containsExactly(List.of(1, 2), List.of(), List.of(3));
  }

  @Test
  void anItemThatWouldChangeOrIsNotUtf8IsAnError() {
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Byte.class)), "200"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Integer.class)), "1.9"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Point.class)), "{\"label\":\"a\"}"))
        .isInstanceOf(IOException.class);
    byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"', '\n'};
    assertThatThrownBy(() -> new ItemDecoder(MAPPER.readerFor(String.class)).decode(overlong, 0, 4))
        .isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void anEmptyItemOrTwoValuesInOneItemAreErrors() {
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Integer.class)), ""))
        .isInstanceOf(IOException.class).hasMessageContaining("no JSON value");
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Integer.class)), "1 2"))
        .isInstanceOf(IOException.class).hasMessageContaining("more than one JSON value");
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Point.class)), "{\"x\":"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void eachItemIsReadFromItsOwnFrameOnly() throws Exception {
    // The first item shorter than the four bytes Jackson's encoding detection reads; blanks around values.
    assertThat(decodeAll(new ItemDecoder(MAPPER.readerFor(Integer.class)), "7", " 8 ", "\t9", "10  "))
        .containsExactly(7, 8, 9, 10);
    // A value cut short is an error, never completed by the next frame.
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Point.class)), "{\"x\":", "1}"))
        .isInstanceOf(IOException.class).hasMessageContaining("not one complete JSON value");
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Integer.class)), "1", "  "))
        .isInstanceOf(IOException.class).hasMessageContaining("no JSON value");
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Point.class)),
            "{\"x\":1,\"label\":null}", "{\"x\":2,\"label\":null} {\"x\":3,\"label\":null}"))
        .isInstanceOf(IOException.class).hasMessageContaining("more than one JSON value");
  }

  @Test
  void aDuplicateKeyInAnItemIsStillAnError() {
    assertThatThrownBy(() -> decodeAll(new ItemDecoder(MAPPER.readerFor(Point.class)), "{\"x\":1,\"x\":2,\"label\":null}"))
        .isInstanceOf(IOException.class).hasMessageContaining("Duplicate");
  }
}
