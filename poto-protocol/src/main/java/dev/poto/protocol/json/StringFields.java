package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.RpcException;
import java.io.IOException;
import java.util.Arrays;

/**
 * The body of Poto's own endpoints ({@code _auth/visitor}, {@code login}, {@code refresh}, {@code logout},
 * {@code _streams/cancel}): a JSON object of string fields, read by the same rules as a call's arguments
 * (docs/PROTOCOL.md §1, §2): UTF-8 without a byte-order mark, each key once, nothing after the object
 * ({@code malformed_json}); key by key, only the endpoint's fields ({@code unknown_argument}), not
 * {@code null} ({@code null_argument}) and a string ({@code invalid_argument}); a field the endpoint needs
 * is present ({@code missing_argument}, found when it is asked for). An empty body is {@code {}}.
 */
public final class StringFields {
  private static final ObjectMapper JSON = PotoJson.newMapper();

  private final String endpoint;
  private final String[] names;
  private final String[] values;

  private StringFields(String endpoint, String[] names, String[] values) {
    this.endpoint = endpoint;
    this.names = names;
    this.values = values;
  }

  /**
   * @param endpoint names the endpoint in error details, e.g. {@code login}
   * @param names the fields the endpoint takes; any other is refused
   * @throws RpcException 400 as described on the class
   */
  public static StringFields read(byte[] body, String endpoint, String... names) {
    String[] values = new String[names.length];
    if (body.length > 0) {
      int notUtf8 = Utf8Text.firstInvalid(body, 0, body.length);
      if (notUtf8 >= 0) {
        throw malformed("the body is not UTF-8 text without a byte-order mark (at byte " + notUtf8 + ")");
      }
      try (JsonParser parser = JSON.createParser(body)) {
        readObject(parser, endpoint, names, values);
      } catch (IOException e) { // broken syntax, a repeated key, a limit of the protocol
        throw malformed("the body is not valid JSON");
      }
    }
    return new StringFields(endpoint, names, values);
  }

  private static void readObject(JsonParser parser, String endpoint, String[] names, String[] values)
      throws IOException {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw malformed("the body must be a JSON object");
    }
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      int field = Arrays.asList(names).indexOf(parser.currentName());
      if (field < 0) {
        throw new RpcException(400, ProblemCodes.UNKNOWN_ARGUMENT, "Unknown argument for " + endpoint
            + (names.length == 0 ? "; it takes none" : "; expected " + String.join(" and ", names)));
      }
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING) {
        values[field] = parser.getText();
      } else if (value == JsonToken.VALUE_NULL) {
        throw new RpcException(400, ProblemCodes.NULL_ARGUMENT,
            "Argument '" + names[field] + "' of " + endpoint + " must not be null");
      } else {
        throw new RpcException(400, ProblemCodes.INVALID_ARGUMENT,
            "Argument '" + names[field] + "' of " + endpoint + " must be a string");
      }
    }
    if (parser.nextToken() != null) {
      throw malformed("unexpected content after the JSON object");
    }
  }

  /**
   * The value of {@code name}, one of the endpoint's fields.
   *
   * @throws RpcException 400 {@code missing_argument} when the body did not have it
   */
  public String get(String name) {
    int field = Arrays.asList(names).indexOf(name);
    if (field < 0) {
      throw new IllegalArgumentException(endpoint + " takes no field '" + name + "'");
    }
    if (values[field] == null) {
      throw new RpcException(400, ProblemCodes.MISSING_ARGUMENT, "Missing argument '" + name + "' of " + endpoint);
    }
    return values[field];
  }

  private static RpcException malformed(String why) {
    return new RpcException(400, ProblemCodes.MALFORMED_JSON, "Malformed JSON: " + why);
  }
}
