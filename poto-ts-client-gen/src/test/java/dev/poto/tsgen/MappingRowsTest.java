package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One row per Java type of the mapping table: the TS property the shop fixture's Everything gets. */
class MappingRowsTest {

  private static String interfaceBody(String name) {
    String types = Fixtures.shop().files().get("types.ts");
    Matcher m = Pattern.compile("export interface " + Pattern.quote(name) + "(<[^>]*>)? \\{\\n(.*?)\\n}", Pattern.DOTALL)
        .matcher(types);
    assertThat(m.find()).as("interface " + name + " in types.ts").isTrue();
    return m.group(2);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiterString = "=>", value = {
      "flag => flag: boolean;", "boxedFlag => boxedFlag: boolean;",
      "tiny => tiny: number;", "small => small: number;", "count => count: number;", "ratio => ratio: number;",
      "amount => amount: number;", "boxedTiny => boxedTiny: number;", "boxedSmall => boxedSmall: number;",
      "boxedCount => boxedCount: number;", "boxedRatio => boxedRatio: number;", "boxedAmount => boxedAmount: number;",
      "big => big: number;", "boxedBig => boxedBig: number;",
      "letter => letter: string;", "boxedLetter => boxedLetter: string;", "text => text: string;", "id => id: string;",
      "price => price: string;", "huge => huge: string;",
      "blob => blob: Uint8Array;", "chars => chars: string;", "boxedBytes => boxedBytes: number[];",
      "at => at: string;", "offsetAt => offsetAt: string;", "localAt => localAt: string;", "day => day: string;",
      "timeout => timeout: string;", "legacyDate => legacyDate: Date;", "zoned => zoned: string;",
      "time => time: string;", "period => period: string;", "year => year: string;", "month => month: string;",
      "zone => zone: string;", "json => json: JsonValue;", "jsonObject => jsonObject: JsonObject;",
      "jsonArray => jsonArray: JsonValue[];", "byNumber => byNumber: Record<string, string>;",
      "byLong => byLong: Record<string, string>;", "byId => byId: Record<string, number>;",
      "byDay => byDay: Record<string, string>;", "exactBig => exactBig: bigint;",
      "exactLongs => exactLongs: bigint[];", "exactByKey => exactByKey: Record<string, bigint | null>;",
      "pageOfDoubles => pageOfDoubles: Page<number>;",
      "color => color: Color;", "shape => shape: Shape;", "customer => customer: Customer;",
      "moneyPage => moneyPage: Page<Money>;", "tree => tree: Tree;",
      "list => list: string[];", "set => set: number[];", "sortedSet => sortedSet: string[];",
      "array => array: string[];", "matrix => matrix: number[][];", "instants => instants: string[];",
      "nestedLongs => nestedLongs: number[][];",
      "byKey => byKey: Record<string, string>;", "byColor => byColor: Partial<Record<Color, number>>;",
      "blobs => blobs: Record<string, Uint8Array[]>;",
      "maybeText => maybeText?: string | null;", "maybeAt => maybeAt?: string | null;",
      "maybeCount => maybeCount?: number | null;", "maybeBig => maybeBig?: number | null;",
      "nullableText => nullableText?: string | null;", "nullableMoney => nullableMoney?: Money | null;",
      "sparse => sparse: (string | null)[];", "pagesOfInstants => pagesOfInstants: Page<Page<string>>;"
  })
  void everyRowMapsToItsTypeScriptProperty(String component, String expected) {
    assertThat(interfaceBody("Everything").lines().map(String::trim))
        .filteredOn(line -> line.startsWith(component + ":") || line.startsWith(component + "?:"))
        .containsExactly(expected);
  }

  @ParameterizedTest(name = "codec of {0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "flag | flag: \"boolean\"", "tiny | tiny: \"byte\"", "small | small: \"short\"", "count | count: \"int\"",
      "big | big: \"long\"", "boxedBig | boxedBig: \"long\"", "blob | blob: \"bytes\"",
      "ratio | ratio: \"float\"", "amount | amount: \"double\"", "boxedRatio | boxedRatio: \"float\"",
      "letter | letter: \"char\"", "text | text: \"string\"", "id | id: \"uuid\"", "price | price: \"decimal\"",
      "huge | huge: \"integer\"", "chars | chars: \"string\"", "at | at: \"instant\"",
      "offsetAt | offsetAt: \"offsetDateTime\"", "zoned | zoned: \"zonedDateTime\"", "localAt | localAt: \"localDateTime\"",
      "day | day: \"localDate\"", "time | time: \"localTime\"", "timeout | timeout: \"duration\"",
      "period | period: \"period\"", "year | year: \"year\"", "month | month: \"yearMonth\"", "zone | zone: \"zoneId\"",
      "legacyDate | legacyDate: \"date\"", "json | json: \"json\"", "jsonObject | jsonObject: \"jsonObject\"",
      "jsonArray | jsonArray: \"jsonArray\"",
      "exactBig | exactBig: \"bigint\"", "exactLongs | exactLongs: { array: \"bigint\" }",
      "exactByKey | exactByKey: { map: { nullable: \"bigint\" } }", "nestedLongs | nestedLongs: { array: { array: \"long\" } }",
      "blobs | blobs: { map: { array: \"bytes\" } }", "maybeBig | maybeBig: { nullable: \"long\" }",
      "sparse | sparse: { array: { nullable: \"string\" } }", "color | color: { ref: () => Color$codec }",
      "byColor | byColor: { map: \"int\", key: { ref: () => Color$codec } }", "byNumber | byNumber: { map: \"string\", key: \"int\" }",
      "byDay | byDay: { map: \"string\", key: \"localDate\" }", "byKey | byKey: { map: \"instant\" }",
      "shape | shape: { ref: () => Shape$codec }", "tree | tree: { ref: () => Tree$codec }",
      "pageOfDoubles | pageOfDoubles: { ref: () => Page$codec(\"double\") }",
      "pagesOfInstants | pagesOfInstants: { ref: () => Page$codec({ ref: () => Page$codec(\"instant\") }) }"
  })
  void everyPositionGetsTheCheckOfItsKind(String component, String expected) {
    String codecs = Fixtures.shop().files().get("codecs.ts");
    assertThat(codecs).contains("export const Everything$codec: Codec = { fields: {").contains(" " + expected);
  }

  @Test
  void argumentsGetACodecOnlyWhereAValueIsConverted() {
    String shop = Fixtures.shop().files().get("shop.ts");
    assertThat(shop)
        .contains("{ name, price, stock }, opts, { args: { stock: \"long\" }, result: Item$codec });")
        .contains("{ page, filter }, opts, { result: Page$codec(Item$codec) });")
        .contains("{ args: { value: Everything$codec }, result: Everything$codec, exactDigits: true });");
  }

  @Test
  void enumsBecomeLiteralUnionsWithAValueList() {
    String types = Fixtures.shop().files().get("types.ts");
    assertThat(types).contains("export type Color = \"RED\" | \"GREEN\" | \"dark-blue\";")
        .contains("export const Color_VALUES = Object.freeze([\"RED\", \"GREEN\", \"dark-blue\"] as const);");
    assertThat(Fixtures.shop().files().get("types.js"))
        .contains("export const Color_VALUES = Object.freeze([\"RED\", \"GREEN\", \"dark-blue\"]);");
  }

  @Test
  void sealedInterfacesBecomeDiscriminatedUnionsTaggedAsJacksonWrites() {
    assertThat(Fixtures.shop().files().get("types.ts")).contains("export type Shape = Circle | Square | Stamp;");
    assertThat(interfaceBody("Circle")).startsWith("  kind: \"circle\";");       // @JsonSubTypes.Type(name)
    assertThat(interfaceBody("Square")).startsWith("  kind: \"square\";");       // @JsonTypeName
    assertThat(interfaceBody("Stamp")).startsWith("  kind: \"Shape$Stamp\";");   // Jackson's default id
    assertThat(Fixtures.shop().files().get("codecs.ts"))
        .contains("export const Shape$codec: Codec = { union: \"kind\", cases: { circle: { ref: () => Circle$codec },"
            + " square: { ref: () => Square$codec }, Shape$Stamp: { ref: () => Stamp$codec } } };");
  }

  @Test
  void recordsBeansGenericsAndRecursionBecomeInterfaces() {
    assertThat(interfaceBody("Page")).isEqualTo("  items: T[];\n  total: number;\n  next?: string | null;");
    assertThat(Fixtures.shop().files().get("types.ts")).contains("export interface Page<T> {");
    assertThat(interfaceBody("Customer").lines().map(String::strip).toList()).containsExactlyElementsOf("""
          nickname: string;
          name: string;
          /** Written by the server only (no setter in Java); never sent. */
          readonly active?: boolean;
          /** Written by the server only (no setter in Java); never sent. */
          readonly viplevel?: number;
          /** Written by the server only (no setter in Java); never sent. */
          readonly birthday?: string;
          points: number;
          /** Written by the server only (no setter in Java); never sent. */
          readonly doublePoints?: number;
          referrer?: string;""".lines().toList());
    assertThat(Fixtures.shop().files().get("codecs.ts"))
        .contains("export const Customer$codec: Codec = { fields: { nickname: \"string\", name: \"string\", active: \"boolean\","
            + " viplevel: \"int\", birthday: \"localDate\", points: \"int\", doublePoints: \"int\", referrer: \"string\" },"
            + " optional: [\"referrer\"], outputOnly: [\"active\", \"viplevel\", \"birthday\", \"doublePoints\"] };");
    assertThat(interfaceBody("Tree")).contains("children: Tree[];", "byName: Record<string, Tree>;");
    assertThat(interfaceBody("Message")).contains("sentAt: number;"); // nested record of a module
  }

  @Test
  void methodsMirrorTheRpcSignatures() {
    String shop = Fixtures.shop().files().get("shop.ts");
    assertThat(shop)
        .contains("add(name: string, price: Money | null | undefined, stock: number, opts?: CallOptions): Promise<Item> {")
        .contains("list(page: number, filter?: string | null, opts?: CallOptions): Promise<Page<Item>> {")
        .contains("find(id: string, opts?: CallOptions): Promise<Item | null> {")
        .contains("clear(opts?: CallOptions): Promise<void> {")
        .contains("feed(since: string, opts?: CallOptions): AsyncIterable<Item> {")
        .contains("export(opts?: CallOptions): Promise<Uint8Array> {")
        .contains("download(name: string, opts?: CallOptions): Promise<ReadableStream<Uint8Array>> {")
        .contains("rename(opts?: string | null, callOptions?: string | null, _opts?: CallOptions): Promise<string> {");
    assertThat(Fixtures.shop().files().get("chat.d.ts"))
        .contains("messages(since: number, opts?: CallOptions): AsyncIterable<Message>;");
  }
}
