package dev.poto.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * Reads {@code JsonNode} values (and {@code ObjectNode}/{@code ArrayNode}) keeping every number exact.
 * Jackson's own tree reader makes every fraction a {@code double}, so {@code 0.1000000000000000055511}
 * came back as {@code 0.1} and {@code 1e400} as an infinity no JSON can carry. Here a fraction is a
 * {@code double} only when the double's own shortest text has the same value (so {@code 0.1} and
 * {@code -0.0} stay plain doubles, sign included), and otherwise the exact {@code BigDecimal} of its
 * digits. Integers are Jackson's int, long or big integer nodes, as before. Depth is bounded by the
 * parser's nesting limit; duplicate keys are refused by the parser.
 */
final class ExactJsonTrees<T extends JsonNode> extends StdDeserializer<T> {
  static final ExactJsonTrees<JsonNode> ANY = new ExactJsonTrees<>(JsonNode.class);
  static final ExactJsonTrees<ObjectNode> OBJECTS = new ExactJsonTrees<>(ObjectNode.class);
  static final ExactJsonTrees<ArrayNode> ARRAYS = new ExactJsonTrees<>(ArrayNode.class);

  private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private final Class<T> type;

  private ExactJsonTrees(Class<T> type) {
    super(type);
    this.type = type;
  }

  @Override
  public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    JsonToken token = p.currentToken();
    boolean fits = type == JsonNode.class
        || (type == ObjectNode.class && token == JsonToken.START_OBJECT)
        || (type == ArrayNode.class && token == JsonToken.START_ARRAY);
    if (!fits) {
      return type.cast(ctxt.handleUnexpectedToken(type, p));
    }
    return type.cast(read(p, ctxt));
  }

  @Override
  public T getNullValue(DeserializationContext ctxt) {
    return type == JsonNode.class ? type.cast(NullNode.getInstance()) : null;
  }

  private static JsonNode read(JsonParser p, DeserializationContext ctxt) throws IOException {
    return switch (p.currentToken()) {
      case START_OBJECT -> {
        ObjectNode object = NODES.objectNode();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          p.nextToken();
          object.set(key, read(p, ctxt));
        }
        yield object;
      }
      case START_ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          array.add(read(p, ctxt));
        }
        yield array;
      }
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
        case INT -> NODES.numberNode(p.getIntValue());
        case LONG -> NODES.numberNode(p.getLongValue());
        default -> NODES.numberNode(p.getBigIntegerValue());
      };
      case VALUE_NUMBER_FLOAT -> fraction(p.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> (JsonNode) ctxt.handleUnexpectedToken(JsonNode.class, p);
    };
  }

  /** A double where the double says exactly what the digits say, else the digits' exact decimal. */
  static JsonNode fraction(String digits) {
    BigDecimal exact = new BigDecimal(digits);
    double value = Double.parseDouble(digits);
    if (Double.isFinite(value) && new BigDecimal(Double.toString(value)).compareTo(exact) == 0) {
      return NODES.numberNode(value);
    }
    return NODES.numberNode(exact);
  }
}
