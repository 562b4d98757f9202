package dev.poto.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.json.DirectRecordReader;
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

  /** The decoder the client uses: records of a plain type through the direct record reader. */
  private static ItemDecoder decoder(Class<?> type) {
    ObjectReader reader = MAPPER.readerFor(type);
    return new ItemDecoder(reader, DirectRecordReader.forType(MAPPER, reader));
  }

  @Test
  void pointsAreReadDirectly() {
    assertThat(DirectRecordReader.forType(MAPPER, MAPPER.readerFor(Point.class))).isNotNull();
  }

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
    ItemDecoder decoder = decoder(Point.class);

    List<Point> points = decodeAll(decoder, "{\"x\":1,\"label\":\"é\"}", "{\"x\":2,\"label\":\"a\\nb\"}", "{\"label\":null,\"x\":3}");

    assertThat(points).containsExactly(new Point(1, "é"), new Point(2, "a\nb"), new Point(3, null));
  }

  /** Items the direct reader leaves to the mapper (an absent nullable key) mixed with regular ones. */
  /** Records read from the bytes refuse what the mapper refuses: the byte reader takes none of these. */
  @Test
  void recordItemsTheMapperRefusesAreRefused() {
    for (String json : List.of("{\"x\":1.0,\"label\":\"a\"}", "{\"x\":1e0,\"label\":\"a\"}",
        "{\"x\":\"1\",\"label\":\"a\"}", "{\"x\":null,\"label\":\"a\"}", "{\"x\":01,\"label\":\"a\"}",
        "{\"x\":2147483648,\"label\":\"a\"}", "{\"x\":1,\"label\":5}", "{\"x\":1,\"label\":\"a\",\"y\":2}",
        "{\"x\":1,\"label\":\"a\",\"x\":1}", "{\"label\":\"a\"}", "{\"x\":1,\"label\":\"a\"} {}",
        "{\"x\":1,\"label\":\"a\u0001\"}")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> decodeAll(decoder(Point.class), json))
          .as(json).isInstanceOf(IOException.class);
    }
    byte[] overlong = {'{', '"', 'x', '"', ':', '1', ',', '"', 'l', 'a', 'b', 'e', 'l', '"', ':', '"',
        (byte) 0xC0, (byte) 0xAF, '"', '}', '\n'};
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> decoder(Point.class).decode(overlong, 0, overlong.length - 1))
        .isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void regularAndIrregularItemsAlternate() throws Exception {
    List<Point> points = decodeAll(decoder(Point.class), "{\"x\":1,\"label\":\"a\"}", "{\"x\":2}",
        "{\"x\":3,\"label\":\"c\"}", "{\"x\":4}", "{\"x\":4}", "{\"label\":null,\"x\":5}");

    assertThat(points).containsExactly(new Point(1, "a"), new Point(2, null), new Point(3, "c"), new Point(4, null),
        new Point(4, null), new Point(5, null));
  }

  @Test
  void aNumberAtTheEndOfAnItemIsCompleteAndNotJoinedToTheNext() throws Exception {
    ItemDecoder decoder = decoder(Long.class);

    List<Long> numbers = decodeAll(decoder, "12", "34", "-5", "9007199254740993");

    assertThat(numbers).containsExactly(12L, 34L, -5L, 9007199254740993L);
  }

  @Test
  void scalarsArraysAndNullsAsTheReaderWouldDecodeThem() throws Exception {
    ItemDecoder strings = decoder(String.class);
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
    assertThatThrownBy(() -> decodeAll(decoder(Byte.class), "200"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decodeAll(decoder(Integer.class), "1.9"))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> decodeAll(decoder(Point.class), "{\"label\":\"a\"}"))
        .isInstanceOf(IOException.class);
    byte[] overlong = {'"', (byte) 0xC0, (byte) 0xAF, '"', '\n'};
    assertThatThrownBy(() -> decoder(String.class).decode(overlong, 0, 4))
        .isInstanceOf(IOException.class).hasMessageContaining("UTF-8");
  }

  @Test
  void anEmptyItemOrTwoValuesInOneItemAreErrors() {
    assertThatThrownBy(() -> decodeAll(decoder(Integer.class), ""))
        .isInstanceOf(IOException.class).hasMessageContaining("no JSON value");
    assertThatThrownBy(() -> decodeAll(decoder(Integer.class), "1 2"))
        .isInstanceOf(IOException.class).hasMessageContaining("more than one JSON value");
    assertThatThrownBy(() -> decodeAll(decoder(Point.class), "{\"x\":"))
        .isInstanceOf(IOException.class);
  }

  @Test
  void eachItemIsReadFromItsOwnFrameOnly() throws Exception {
    // The first item shorter than the four bytes Jackson's encoding detection reads; blanks around values.
    assertThat(decodeAll(decoder(Integer.class), "7", " 8 ", "\t9", "10  "))
        .containsExactly(7, 8, 9, 10);
    // A value cut short is an error, never completed by the next frame.
    assertThatThrownBy(() -> decodeAll(decoder(Point.class), "{\"x\":", "1}"))
        .isInstanceOf(IOException.class).hasMessageContaining("not one complete JSON value");
    assertThatThrownBy(() -> decodeAll(decoder(Integer.class), "1", "  "))
        .isInstanceOf(IOException.class).hasMessageContaining("no JSON value");
    assertThatThrownBy(() -> decodeAll(decoder(Point.class),
            "{\"x\":1,\"label\":null}", "{\"x\":2,\"label\":null} {\"x\":3,\"label\":null}"))
        .isInstanceOf(IOException.class).hasMessageContaining("more than one JSON value");
  }

  @Test
  void aDuplicateKeyInAnItemIsStillAnError() {
    assertThatThrownBy(() -> decodeAll(decoder(Point.class), "{\"x\":1,\"x\":2,\"label\":null}"))
        .isInstanceOf(IOException.class).hasMessageContaining("Duplicate");
  }
}
