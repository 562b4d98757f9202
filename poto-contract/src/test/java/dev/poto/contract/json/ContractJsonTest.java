package dev.poto.contract.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.contract.Contract;
import dev.poto.contract.ContractAccess;
import dev.poto.contract.ContractMethod;
import dev.poto.contract.ContractModule;
import dev.poto.contract.ContractParam;
import dev.poto.contract.ContractResult;
import dev.poto.contract.Samples;
import dev.poto.contract.ScalarKind;
import dev.poto.contract.TypeRef;
import dev.poto.protocol.ResultKind;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ContractJsonTest {

  @Test
  void everyFormReadsBackIntoTheSameContract() {
    Contract contract = Samples.everything();
    String text = ContractJson.write(contract);
    assertThat(ContractJson.read(text)).isEqualTo(contract);
    assertThat(ContractJson.write(ContractJson.read(text))).isEqualTo(text);
  }

  @Test
  void theTextIsSortedIndentedAndEndsWithOneNewline() {
    String text = ContractJson.write(Samples.everything());
    assertThat(text).startsWith("{\n  \"formatVersion\": 1,\n  \"modules\": [\n").endsWith("}\n").doesNotContain("\r", "\t");
    // Modules by route, methods by name, whatever order they were built in; roles sorted.
    assertThat(text.indexOf("\"route\": \"admin")).isLessThan(text.indexOf("\"route\": \"notes\""));
    assertThat(text.indexOf("\"name\": \"add\"")).isLessThan(text.indexOf("\"name\": \"feed\""));
    assertThat(text.indexOf("\"name\": \"feed\"")).isLessThan(text.indexOf("\"name\": \"raw\""));
    assertThat(text).contains("\"roles\": [\n              \"admin\",\n              \"writer\"\n            ]");
    // Escapes: quotes, and nothing else for printable text (U+2028 is valid JSON as it is).
    assertThat(text).contains("\"admin \\\"quoted\\\" \u00e9\u2028\"");
  }

  @Test
  void controlCharactersAndLoneSurrogatesAreEscapedAndReadBack() {
    String odd = "a\u0001b\nc\ud800d\ud83d\ude00";
    String text = JsonText.write(Map.of("k", odd));
    assertThat(text).isEqualTo("{\n  \"k\": \"a\\u0001b\\nc\\ud800d\ud83d\ude00\"\n}\n");
    assertThat(JsonText.parse(text)).isEqualTo(Map.of("k", odd));
    // A backslash alone among plain characters is escaped too.
    assertThat(JsonText.write(Map.of("k", "a\\b"))).isEqualTo("{\n  \"k\": \"a\\\\b\"\n}\n");
  }

  @Test
  void theCompactFormHasNoWhitespaceBetweenTokensAndReadsBackTheSame() {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("z", List.of(1L, "two words", Map.of(), List.of(), Boolean.TRUE));
    value.put("a", Map.of("k\"ey", "a\u0001b", "n", new BigDecimal("-0.5")));
    value.put("m", null);
    String compact = JsonText.writeCompact(value);
    assertThat(compact).isEqualTo("{\"a\":{\"k\\\"ey\":\"a\\u0001b\",\"n\":-0.5},\"m\":null,"
        + "\"z\":[1,\"two words\",{},[],true]}\n");
    assertThat(JsonText.parse(compact)).isEqualTo(JsonText.parse(JsonText.write(value)));
    // A map already sorted by its keys is written in that order, like any other map.
    TreeMap<String, Object> sorted = new TreeMap<>(Map.of("b", 2L, "a", 1L));
    assertThat(JsonText.writeCompact(sorted)).isEqualTo("{\"a\":1,\"b\":2}\n");
    TreeMap<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.putAll(sorted);
    assertThat(JsonText.writeCompact(reversed)).isEqualTo("{\"a\":1,\"b\":2}\n");
  }

  @Test
  void anotherFormatVersionIsRefusedWithAFix() {
    String text = ContractJson.write(Samples.everything()).replace("\"formatVersion\": 1", "\"formatVersion\": 2");
    assertThatThrownBy(() -> ContractJson.read(text)).isInstanceOf(JsonFormatException.class)
        .hasMessage("Contract format version 2 is not supported: this Poto reads version 1. Regenerate the contract with this Poto version.");
  }

  @Test
  void unknownFieldsMissingFieldsAndWrongTypesNameThePlace() {
    String text = ContractJson.write(Samples.everything());
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"public\": false", "\"public\": false, \"extra\": 1")))
        .hasMessageContaining("$.modules[1].methods[0].access").hasMessageContaining("unknown field 'extra'");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"required\": true,", "")))
        .hasMessageContaining("$.modules[1].methods[0].params[0]").hasMessageContaining("missing 'required'");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"required\": true", "\"required\": \"yes\"")))
        .hasMessageContaining("expected true or false");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"kind\": \"BYTES\"", "\"kind\": \"SOMETIMES\"")))
        .hasMessageContaining("unknown value 'SOMETIMES'");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"kind\": \"BYTES\"", "\"kind\": \"VALUE\"")))
        .hasMessageContaining("$.modules[1].methods[2].result").hasMessageContaining("VALUE needs a type");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"kind\": \"enum\"", "\"kind\": \"table\"")))
        .hasMessageContaining("unknown type kind 'table'");
    assertThatThrownBy(() -> ContractJson.read(text.replaceFirst("\"scalar\": \"int\"", "\"scalar\": \"int128\"")))
        .hasMessageContaining("unknown scalar int128");
  }

  @Test
  void everyScalarKindIsWrittenByItsContractNameAndReadBack() {
    for (ScalarKind kind : ScalarKind.values()) {
      Contract contract = Contract.of(List.of(new ContractModule("m", "M", List.of(new ContractMethod("f",
          new ContractAccess(true, List.of()), List.of(new ContractParam("p", new TypeRef.Scalar(kind), true)),
          new ContractResult(ResultKind.VOID, null), List.of())))), Map.of());
      String text = ContractJson.write(contract);
      assertThat(text).contains("\"scalar\": \"" + kind.contractName() + "\"");
      TypeRef read = ContractJson.read(text).modules().getFirst().methods().getFirst().params().getFirst().type();
      // An exact (bigint) long is a long on the wire, so the file says long.
      assertThat(read).isEqualTo(new TypeRef.Scalar(kind == ScalarKind.LONG_EXACT ? ScalarKind.LONG : kind));
    }
  }

  @Test
  void malformedJsonIsRefusedWithLineAndColumn() {
    assertThatThrownBy(() -> JsonText.parse("{\n  \"a\": tru\n}")).isInstanceOf(JsonFormatException.class)
        .hasMessage("Not valid JSON at line 2, column 8: unexpected word");
    assertThatThrownBy(() -> JsonText.parse("{\"a\": 1, \"a\": 2}")).hasMessageContaining("duplicate key 'a'");
    assertThatThrownBy(() -> JsonText.parse("[1] [2]")).hasMessageContaining("unexpected data after the document");
    assertThatThrownBy(() -> JsonText.parse("[01]")).hasMessageContaining("bad number '01'");
    assertThatThrownBy(() -> JsonText.parse("\"a\u0001\"")).hasMessageContaining("control character");
    assertThatThrownBy(() -> JsonText.parse("[".repeat(JsonText.MAX_DEPTH + 1))).hasMessageContaining("nested deeper");
    assertThat(JsonText.parse(" [1, -2, 3.5e1, true, null, {}] ")).isEqualTo(
        java.util.Arrays.asList(1L, -2L, new BigDecimal("3.5e1"), true, null, Map.of()));
    assertThat(JsonText.parse("[9223372036854775808]")).isEqualTo(List.of(new BigDecimal("9223372036854775808")));
  }
}
