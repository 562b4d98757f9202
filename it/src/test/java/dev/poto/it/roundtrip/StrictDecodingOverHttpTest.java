package dev.poto.it.roundtrip;

import static dev.poto.it.core.RawHttp.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.poto.it.core.RawHttp;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.runtime.PotoServer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bodies no generated client would send, over raw HTTP: every value is taken exactly or refused with a
 * 400 that names where it is; nothing is silently converted, wrapped, rounded or filled in.
 */
class StrictDecodingOverHttpTest {
  private static PotoServer server;
  private static RawHttp raw;

  @BeforeAll
  static void start() {
    server = PotoServer.builder().host("127.0.0.1").port(0).module(new RoundTripModule())
        .jwt(jwt -> jwt.secret("strict-secret-0123456789abcdef0123")).build().start();
    raw = new RawHttp(server.port());
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static HttpResponse<String> call(String method, String body) {
    return raw.post("/poto/roundtrip/" + method, body, null);
  }

  private static void accepted(String method, String body, String answer) {
    HttpResponse<String> response = call(method, body);
    assertEquals(200, response.statusCode(), body + " -> " + response.body());
    assertEquals(answer, response.body(), body);
  }

  /** A 400 invalid_argument whose detail names {@code path}. */
  private static JsonNode invalid(String method, String body, String path) {
    JsonNode problem = assertProblem(call(method, body), 400, ProblemCodes.INVALID_ARGUMENT);
    String detail = problem.path("detail").asText();
    assertTrue(detail.contains(" at " + path + ":"), body + " -> detail should name " + path + ": " + detail);
    return problem;
  }

  @Test
  void numbersAreNeverConvertedIntoAnotherType() {
    invalid("echoInt", "{\"value\": 1.9}", "value");
    invalid("echoInt", "{\"value\": 1.0}", "value");
    invalid("echoInt", "{\"value\": 1e2}", "value");
    invalid("echoInt", "{\"value\": \"5\"}", "value");
    invalid("echoInt", "{\"value\": true}", "value");
    invalid("echoLong", "{\"value\": \"5\"}", "value");
    invalid("echoBoolean", "{\"value\": 1}", "value");
    invalid("echoBoolean", "{\"value\": \"true\"}", "value");
    invalid("echoString", "{\"value\": 12345}", "value");
    invalid("echoString", "{\"value\": true}", "value");
    invalid("echoString", "{\"value\": 1.5}", "value");
    invalid("echoChar", "{\"value\": 65}", "value");
    invalid("echoChar", "{\"value\": \"ab\"}", "value");
    invalid("echoChar", "{\"value\": \"\"}", "value");
    invalid("echoIntBox", "{\"value\": \"\"}", "value");
    invalid("echoEnum", "{\"value\": 0}", "value");
    invalid("echoEnum", "{\"value\": \"0\"}", "value");
    invalid("echoEnum", "{\"value\": \"hearts\"}", "value");
    invalid("echoUuid", "{\"value\": \"\"}", "value");
    accepted("echoInt", "{\"value\": -2147483648}", "-2147483648");
    accepted("echoDouble", "{\"value\": 3}", "3.0");
  }

  @Test
  void numbersOutOfRangeAreInvalidArgumentsNotWrappedOrMalformed() {
    invalid("echoByte", "{\"value\": 200}", "value");
    invalid("echoByte", "{\"value\": -129}", "value");
    accepted("echoByte", "{\"value\": -128}", "-128");
    accepted("echoByte", "{\"value\": 127}", "127");
    invalid("echoByteBox", "{\"value\": 255}", "value");
    invalid("echoShort", "{\"value\": 32768}", "value");
    invalid("echoInt", "{\"value\": 2147483648}", "value");
    invalid("echoInt", "{\"value\": -2147483649}", "value");
    invalid("echoLong", "{\"value\": 9223372036854775808}", "value");
    invalid("echoLong", "{\"value\": 1e400}", "value");
    invalid("echoFloat", "{\"value\": 1e39}", "value");
    invalid("echoFloat", "{\"value\": 1e-50}", "value");
    invalid("echoDouble", "{\"value\": 1e400}", "value");
    invalid("echoDouble", "{\"value\": -1e400}", "value");
    invalid("echoDouble", "{\"value\": 1e-400}", "value");
    invalid("echoDoubleBox", "{\"value\": 1e400}", "value");
    invalid("echoLong", "{\"value\": " + "9".repeat(Protocol.MAX_NUMBER_DIGITS + 1) + "}", "value");
    accepted("echoDouble", "{\"value\": 0e-400}", "0.0");
    accepted("echoDouble", "{\"value\": -0.0}", "-0.0");
    accepted("echoFloat", "{\"value\": -0.0}", "-0.0");
  }

  @Test
  void aFloatTakesOnlyANumberThatComesBackAsItWent() {
    accepted("echoFloat", "{\"value\": 0.1}", "0.1");
    accepted("echoFloat", "{\"value\": 16777216}", "1.6777216E7");
    accepted("echoFloat", "{\"value\": 1.4E-45}", "1.4E-45");
    accepted("echoFloatBox", "{\"value\": 3.4028235E38}", "3.4028235E38");
    // A float would answer another number: 16777216, 123456.79, 0.3.
    invalid("echoFloat", "{\"value\": 16777217}", "value");
    invalid("echoFloat", "{\"value\": 123456.789}", "value");
    invalid("echoFloatBox", "{\"value\": 0.30000000000000004}", "value");
  }

  @Test
  void primitiveArraysKeepTheElementRules() {
    invalid("echoGrid", "{\"value\": [[1.5, 1e400]]}", "value[0][1]");
    invalid("echoGrid", "{\"value\": [[1e-400]]}", "value[0][0]");
    invalid("echoGrid", "{\"value\": [[null]]}", "value[0][0]");
    accepted("echoGrid", "{\"value\": [[-0.0, \"NaN\"], []]}", "[[-0.0,\"NaN\"],[]]");
    invalid("echoBytes", "{\"value\": [200]}", "value"); // never -56
    invalid("echoBytes", "{\"value\": [1, 2]}", "value");
  }

  @Test
  void aDateIsProlepticGregorianAndHoldsMilliseconds() {
    // The Julian calendar Jackson's date format switched to made this 0999-12-27, an instant 5 days off.
    accepted("echoDate", "{\"value\": \"1000-01-01T00:00:00.000Z\"}", "\"1000-01-01T00:00:00.000+00:00\"");
    accepted("echoDate", "{\"value\": \"-000001-01-01T00:00:00.000Z\"}", "\"-0001-01-01T00:00:00.000+00:00\"");
    accepted("echoDate", "{\"value\": \"+275760-09-13T00:00:00.000Z\"}", "\"+275760-09-13T00:00:00.000+00:00\"");
    invalid("echoDate", "{\"value\": \"2024-01-01T00:00:00.1234Z\"}", "value"); // a Date would cut the 0.4 ms
    invalid("echoDate", "{\"value\": \"2024-01-01T00:00:00\"}", "value"); // no offset: no instant
    invalid("echoDate", "{\"value\": \"2024-01-01\"}", "value");
  }

  @Test
  void floatingTypesTakeExactlyTheThreeNonFiniteStrings() {
    accepted("echoDouble", "{\"value\": \"NaN\"}", "\"NaN\"");
    accepted("echoDouble", "{\"value\": \"Infinity\"}", "\"Infinity\"");
    accepted("echoDoubleBox", "{\"value\": \"-Infinity\"}", "\"-Infinity\"");
    accepted("echoFloat", "{\"value\": \"-Infinity\"}", "\"-Infinity\"");
    for (String text : List.of("INF", "-INF", "+Infinity", "nan", "1.5", "", " NaN")) {
      invalid("echoDouble", "{\"value\": \"" + text + "\"}", "value");
      invalid("echoFloatBox", "{\"value\": \"" + text + "\"}", "value");
    }
    invalid("echoInt", "{\"value\": \"NaN\"}", "value");
    invalid("echoLong", "{\"value\": \"Infinity\"}", "value");
  }

  @Test
  void exactNumbersAreStringsWithinBounds() {
    accepted("echoBigDecimal", "{\"value\": \"1.10\"}", "\"1.10\"");
    invalid("echoBigDecimal", "{\"value\": \"\u0661\u0660\"}", "value"); // Arabic-Indic digits: never 10
    invalid("echoBigInteger", "{\"value\": \"\uff11\"}", "value"); // a fullwidth 1
    accepted("echoBigDecimal", "{\"value\": 1.10}", "\"1.10\""); // a JSON number is exact too
    accepted("echoBigDecimal", "{\"value\": \"1E+1000\"}", "\"1E+1000\"");
    invalid("echoBigDecimal", "{\"value\": \"1e999999999\"}", "value"); // toBigInteger() would take forever
    invalid("echoBigDecimal", "{\"value\": \"1e-1001\"}", "value");
    invalid("echoBigDecimal", "{\"value\": \"0." + "1".repeat(Protocol.MAX_NUMBER_DIGITS + 1) + "\"}", "value");
    for (String text : List.of("abc", "", "1,5", " 1", "NaN", "0x10")) {
      invalid("echoBigDecimal", "{\"value\": \"" + text + "\"}", "value");
    }
    invalid("echoBigDecimal", "{\"value\": true}", "value");
    accepted("echoBigInteger", "{\"value\": \"-18446744073709551616\"}", "\"-18446744073709551616\"");
    accepted("echoBigInteger", "{\"value\": 12}", "\"12\"");
    for (String body : List.of("\"1e9\"", "\"1.0\"", "1.5", "1e3", "\"abc\"", "\"\"", "\"" + "9".repeat(Protocol.MAX_NUMBER_DIGITS + 1) + "\"")) {
      invalid("echoBigInteger", "{\"value\": " + body + "}", "value");
    }
  }

  @Test
  void timesAreIsoStringsOnly() {
    invalid("echoInstant", "{\"value\": 1700000000}", "value");
    invalid("echoInstant", "{\"value\": 1700000000.5}", "value");
    invalid("echoLocalDate", "{\"value\": [2024, 1, 31]}", "value");
    invalid("echoLocalDateTime", "{\"value\": \"2024-01-01T00:00:00Z\"}", "value"); // an offset is not a local time
    invalid("echoDuration", "{\"value\": 5}", "value");
    invalid("echoOffsetDateTime", "{\"value\": \"\"}", "value");
    accepted("echoInstant", "{\"value\": \"2024-01-01T00:00:00.000000001Z\"}", "\"2024-01-01T00:00:00.000000001Z\"");
    accepted("echoOffsetDateTime", "{\"value\": \"2024-01-01T00:00:00+05:45\"}", "\"2024-01-01T00:00:00+05:45\"");
  }

  @Test
  void aDateIsItsIsoTextNeverEpochMillis() {
    accepted("echoDate", "{\"value\": \"1969-12-31T23:59:59.999Z\"}", "\"1969-12-31T23:59:59.999+00:00\"");
    invalid("echoDate", "{\"value\": -1}", "value");
    invalid("echoDate", "{\"value\": 1700000000000}", "value");
    invalid("echoDate", "{\"value\": \"1700000000000\"}", "value");
    invalid("echoDate", "{\"value\": 1.5}", "value");
  }

  @Test
  void containersHoldNoNullUnlessTheirElementTypeIsNullable() {
    invalid("echoList", "{\"value\":[\"a\",null]}", "value[1]");
    invalid("echoSet", "{\"value\":[null]}", "value[0]");
    invalid("echoStringArray", "{\"value\":[\"a\",\"b\",null]}", "value[2]");
    invalid("echoMap", "{\"value\":{\"k\":1,\"n\":null}}", "value.n");
    invalid("echoNestedList", "{\"value\":[[1],[2,null]]}", "value[1][1]");
    invalid("echoNestedList", "{\"value\":[[1],null]}", "value[1]");
    JsonNode inRecord = invalid("echoNote",
        "{\"value\":{\"title\":\"t\",\"tags\":[\"a\",null],\"limits\":{},\"stars\":1}}", "value.tags[1]");
    assertTrue(inRecord.path("detail").asText().contains("must not be null"), inRecord.toString());
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[],\"limits\":{\"a\":null},\"stars\":1}}", "value.limits.a");
    accepted("echoSparseList", "{\"value\":[\"a\",null,\"c\"]}", "[\"a\",null,\"c\"]");
    // Records in lists in maps in records: each level by its own type.
    String deep = "{\"value\":{\"sparseByKey\":{\"a\":[null]},\"maybeRows\":[null,[\"r\"]],"
        + "\"cells\":{\"c\":[{\"notes\":[null],\"tags\":[\"t\"]}]},\"next\":null}}";
    accepted("echoDeep", deep, "{\"sparseByKey\":{\"a\":[null]},\"maybeRows\":[null,[\"r\"]],"
        + "\"cells\":{\"c\":[{\"notes\":[null],\"tags\":[\"t\"]}]},\"next\":null}");
    invalid("echoDeep", deep.replace("\"tags\":[\"t\"]", "\"tags\":[\"t\",null]"), "value.cells.c[0].tags[1]");
    invalid("echoDeep", deep.replace("[null,[\"r\"]]", "[null,[null]]"), "value.maybeRows[1][0]");
    invalid("echoDeep", deep.replace("{\"a\":[null]}", "{\"a\":null}"), "value.sparseByKey.a");
    accepted("echoList", "{\"value\":[]}", "[]");
  }

  private static final String ACCOUNT = "\"owner\":\"ada\",\"stars\":2,\"tag\":\"t\"";

  @Test
  void beansNeedEveryNonNullablePropertyAsRecordsDo() {
    accepted("echoAccount", "{\"value\":{" + ACCOUNT + "}}", "{\"owner\":\"ada\",\"stars\":2,\"note\":null,\"tag\":\"t\"}");
    accepted("echoAccount", "{\"value\":{" + ACCOUNT + ",\"note\":\"n\"}}",
        "{\"owner\":\"ada\",\"stars\":2,\"note\":\"n\",\"tag\":\"t\"}");
    JsonNode missing = invalid("echoAccount", "{\"value\":{\"stars\":2,\"tag\":\"t\"}}", "value.owner");
    assertTrue(missing.path("detail").asText().contains("missing property 'owner'"), missing.toString());
    invalid("echoAccount", "{\"value\":{\"owner\":\"ada\",\"tag\":\"t\"}}", "value.stars"); // a primitive too
    invalid("echoAccount", "{\"value\":{\"owner\":\"ada\",\"stars\":2}}", "value.tag"); // a public field too
    invalid("echoAccount", "{\"value\":{\"owner\":null,\"stars\":2,\"tag\":\"t\"}}", "value.owner");
    invalid("echoAccount", "{\"value\":{" + ACCOUNT + ",\"extra\":1}}", "value.extra");
  }

  private static final String NOTE = "\"title\":\"t\",\"tags\":[\"a\"],\"limits\":{\"a\":1},\"stars\":1";

  @Test
  void recordsNeedEveryNonNullableComponentAndNoOtherProperty() {
    accepted("echoNote", "{\"value\":{" + NOTE + "}}",
        "{\"title\":\"t\",\"tags\":[\"a\"],\"limits\":{\"a\":1},\"stars\":1,\"comment\":null,\"mood\":null}");
    JsonNode missing = invalid("echoNote", "{\"value\":{\"tags\":[],\"limits\":{},\"stars\":1}}", "value.title");
    assertTrue(missing.path("detail").asText().contains("missing property 'title'"), missing.toString());
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[],\"limits\":{}}}", "value.stars"); // a primitive too
    invalid("echoNote", "{\"value\":{\"title\":null,\"tags\":[],\"limits\":{},\"stars\":1}}", "value.title");
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[],\"limits\":{},\"stars\":null}}", "value.stars");
    invalid("echoNote", "{\"value\":{" + NOTE + ",\"extra\":1}}", "value.extra");
    invalid("echoNote", "{\"value\":{" + NOTE + ",\"comment\":5}}", "value.comment");
    accepted("echoNote", "{\"value\":{" + NOTE + ",\"comment\":null,\"mood\":null}}",
        "{\"title\":\"t\",\"tags\":[\"a\"],\"limits\":{\"a\":1},\"stars\":1,\"comment\":null,\"mood\":null}");
  }

  @Test
  void theDetailNamesThePathOfTheBadValue() {
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[\"a\",\"b\",3],\"limits\":{},\"stars\":1}}", "value.tags[2]");
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[],\"limits\":{\"a\":1.5},\"stars\":1}}", "value.limits.a");
    invalid("echoNote", "{\"value\":{\"title\":\"t\",\"tags\":[],\"limits\":{\"a b\":\"1\"},\"stars\":1}}", "value.limits[\"a b\"]");
    invalid("echoNestedList", "{\"value\":[[1],[2,2147483648]]}", "value[1][1]");
    invalid("echoMap", "{\"value\":{\"k\":9223372036854775808}}", "value.k");
    invalid("echoMap", "{\"value\":{\"\\\"q\\\" é\":\"1\"}}", "value[\"\\\"q\\\" ?\"]");
    invalid("echoValues", "{\"value\":{\"flag\":true}}", "value.tiny");
  }

  @Test
  void repeatedKeysAreRejectedAtEveryLevel() {
    assertProblem(call("echoInt", "{\"value\":1,\"value\":2}"), 400, ProblemCodes.MALFORMED_JSON);
    JsonNode nested = assertProblem(call("echoNote",
        "{\"value\":{\"title\":\"a\",\"title\":\"b\",\"tags\":[],\"limits\":{},\"stars\":1}}"), 400, ProblemCodes.MALFORMED_JSON);
    assertTrue(nested.path("detail").asText().contains("value.title"), nested.toString());
    assertProblem(call("echoMap", "{\"value\":{\"k\":1,\"k\":2}}"), 400, ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void nestingBeyondTheLimitIsA400InBothDirections() {
    int links = Protocol.MAX_NESTING_DEPTH - 1; // the body's own object is one level
    HttpResponse<String> deepest = call("echoNest", "{\"value\":" + chain(links) + "}");
    assertEquals(200, deepest.statusCode(), deepest.body());
    for (int depth : List.of(links + 1, 750, 5_000, 30_000)) {
      JsonNode problem = assertProblem(call("echoNest", "{\"value\":" + chain(depth) + "}"), 400, ProblemCodes.INVALID_ARGUMENT);
      String detail = problem.path("detail").asText();
      assertTrue(detail.contains("at value.next.next") && detail.contains("limit of " + Protocol.MAX_NESTING_DEPTH), detail);
      assertProblem(call("echoNestedList", "{\"value\":" + "[".repeat(depth) + "]".repeat(depth) + "}"), 400,
          ProblemCodes.INVALID_ARGUMENT);
    }
    assertEquals(200, call("nestOf", "{\"links\":" + (Protocol.MAX_NESTING_DEPTH - 1) + "}").statusCode());
    HttpResponse<String> tooDeep = call("nestOf", "{\"links\":" + (Protocol.MAX_NESTING_DEPTH + 1) + "}");
    assertProblem(tooDeep, 500, ProblemCodes.INTERNAL_ERROR);
    assertEquals(200, call("nestOf", "{\"links\":1}").statusCode(), "the server is still fine");
  }

  private static String chain(int links) {
    return "{\"depth\":1,\"next\":".repeat(links - 1) + "{\"depth\":1}" + "}".repeat(links - 1);
  }

  @Test
  void bodiesThatAreNotUtf8AreMalformed() {
    byte[][] bad = {
        {(byte) 0xC0, (byte) 0xAF},                     // overlong '/'
        {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},        // overlong, three bytes
        {(byte) 0x80},                                  // a lone continuation byte
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80},        // a surrogate encoded in UTF-8
        {(byte) 0xE2, (byte) 0x82},                     // truncated
        {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // beyond U+10FFFF
        {(byte) 0xFF},
    };
    for (byte[] inside : bad) {
      assertProblem(postBytes("echoString", bytes("{\"value\":\"a", inside, "\"}")), 400, ProblemCodes.MALFORMED_JSON);
    }
    String json = "{\"value\":\"héllo\"}";
    for (Charset charset : List.of(StandardCharsets.UTF_16, StandardCharsets.UTF_16BE, StandardCharsets.UTF_16LE,
        Charset.forName("UTF-32"), Charset.forName("UTF-32LE"))) {
      assertProblem(postBytes("echoString", json.getBytes(charset)), 400, ProblemCodes.MALFORMED_JSON);
    }
    byte[] withBom = bytes("", new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, json);
    assertProblem(postBytes("echoString", withBom), 400, ProblemCodes.MALFORMED_JSON);
    HttpResponse<String> utf8 = postBytes("echoString", json.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, utf8.statusCode(), utf8.body());
    assertEquals("\"héllo\"", utf8.body());
  }

  @Test
  void loneSurrogateEscapesAreValidAndKept() {
    accepted("echoString", "{\"value\":\"a\\ud800b\"}", "\"a\\uD800b\"");
    accepted("echoChar", "{\"value\":\"\\udfff\"}", "\"\\uDFFF\"");
    // As an object key the parser refuses one: loud, never a changed key.
    assertProblem(call("echoMap", "{\"value\":{\"\\ud800\":1}}"), 400, ProblemCodes.MALFORMED_JSON);
  }

  @Test
  void onlyUtf8IsAcceptedAsACharset() {
    for (String type : List.of("application/json; charset=utf-16", "application/json;charset=ISO-8859-1",
        "application/json; charset=\"utf-32\"")) {
      assertProblem(raw.send(raw.request("/poto/roundtrip/echoInt").header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("{\"value\":1}")).build()), 415, ProblemCodes.UNSUPPORTED_MEDIA_TYPE);
    }
    for (String type : List.of("application/json; charset=UTF-8", "application/json;charset=\"utf-8\"")) {
      HttpResponse<String> response = raw.send(raw.request("/poto/roundtrip/echoInt").header("Content-Type", type)
          .POST(HttpRequest.BodyPublishers.ofString("{\"value\":1}")).build());
      assertEquals(200, response.statusCode(), type + ": " + response.body());
    }
  }

  @Test
  void optionalNumbersAreANumberOrNull() {
    accepted("echoOptionalInt", "{\"value\": 5}", "5");
    accepted("echoOptionalInt", "{}", "null");
    accepted("echoOptionalLong", "{\"value\": null}", "null");
    accepted("echoOptionalDouble", "{\"value\": \"NaN\"}", "\"NaN\"");
    invalid("echoOptionalInt", "{\"value\": \"5\"}", "value");
    invalid("echoOptionalInt", "{\"value\": 2147483648}", "value");
    invalid("echoOptionalLong", "{\"value\": 1.5}", "value");
    invalid("echoOptionalDouble", "{\"value\": 1e400}", "value"); // never Infinity
    invalid("echoOptionalDouble", "{\"value\": 1e-400}", "value"); // never 0.0
    accepted("echoOptionalDouble", "{\"value\": -0.0}", "-0.0");
  }

  @Test
  void aSetTakesEachElementOnce() {
    accepted("echoSet", "{\"value\": [3, 1, 2]}", "[3,1,2]");
    invalid("echoSet", "{\"value\": [1, 2, 1]}", "value[2]"); // was [1,2]: an element dropped
  }

  /** A Keys argument whose maps are empty but for {@code field}. */
  private static String keys(String field, String map) {
    String empty = "{\"ints\":{},\"longs\":{},\"ids\":{},\"days\":{},\"flags\":{},\"doubles\":{},\"plain\":{}}";
    return "{\"value\":" + empty.replace("\"" + field + "\":{}", "\"" + field + "\":" + map) + "}";
  }

  @Test
  void mapKeysAreReadInJavasFormOnlySoNoTwoKeysBecomeOne() {
    // {"5":"a","05":"b"} was {5=b}: an entry dropped without a word.
    invalid("keys", keys("ints", "{\"5\":\"a\",\"05\":\"b\"}"), "value.ints");
    invalid("keys", keys("ints", "{\"+5\":\"a\"}"), "value.ints");
    invalid("keys", keys("ints", "{\"-0\":\"a\"}"), "value.ints");
    invalid("keys", keys("longs", "{\"\u0661\":\"a\"}"), "value.longs");
    invalid("keys", keys("ids", "{\"0000000a-0000-0000-0000-000000000000\":\"a\",\"0000000A-0000-0000-0000-000000000000\":\"b\"}"),
        "value.ids");
    HttpResponse<String> ok = call("keys", keys("ints", "{\"-5\":\"a\",\"0\":\"b\"}"));
    assertEquals(200, ok.statusCode(), ok.body());
    assertTrue(ok.body().contains("\"ints\":{\"-5\":\"a\",\"0\":\"b\"}"), ok.body());
  }

  private static HttpResponse<String> postBytes(String method, byte[] body) {
    return raw.send(raw.request("/poto/roundtrip/" + method).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(middle);
    out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
