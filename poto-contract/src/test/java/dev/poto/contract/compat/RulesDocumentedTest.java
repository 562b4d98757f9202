package dev.poto.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/CONTRACT.md's table names every rule the check can report, and no other. */
class RulesDocumentedTest {
  @Test
  void everyRuleIsInTheTable() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/poto/contract/compat/CompatibilityCheck.java"));
    Set<String> rules = new TreeSet<>();
    Matcher literal = Pattern.compile("\"([a-z]+(?:-[a-z]+)+)\"").matcher(source);
    while (literal.find()) {
      rules.add(literal.group(1));
    }
    Matcher position = Pattern.compile("typeChange\\(\"([a-z-]+)\"").matcher(source);
    while (position.find()) {
      rules.remove(position.group(1)); // a prefix, not a rule
      rules.add(position.group(1) + "-type-changed");
    }
    rules.remove("non-null"); // a word of a message
    // Nullability changes are reported for parameters, results and properties.
    for (String what : new String[] {"parameter", "result", "property"}) {
      rules.add(what + "-became-nullable");
      rules.add(what + "-became-non-null");
    }

    String doc = Files.readString(Path.of("../docs/CONTRACT.md"));
    String table = doc.substring(doc.indexOf("| rule | location | whom it breaks |"), doc.indexOf("A changed type is judged"));
    Set<String> documented = new TreeSet<>();
    Matcher code = Pattern.compile("`([a-z]+(?:-[a-z]+)+)`").matcher(table);
    while (code.find()) {
      documented.add(code.group(1));
    }
    Matcher shortForm = Pattern.compile("`([a-z]+)-became-nullable` / `-non-null`").matcher(table);
    while (shortForm.find()) {
      documented.add(shortForm.group(1) + "-became-non-null");
    }
    assertThat(documented).containsAll(rules);
    assertThat(rules).containsAll(documented);
  }
}
