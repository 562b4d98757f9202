package dev.poto.tsgen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.poto.contract.ScalarKind;
import dev.poto.tsgen.mapping.WireToTs;
import dev.poto.wire.WireMessages;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** docs/TYPES.md follows the wire model: every scalar kind in a row with its Java and TS types, every error id. */
class TypesDocTest {
  private static String doc() throws IOException {
    return Files.readString(Fixtures.basedir().resolve("../docs/TYPES.md"));
  }

  @Test
  void everyScalarKindHasARowWithItsJavaAndTypeScriptTypes() throws IOException {
    String doc = doc();
    for (ScalarKind kind : ScalarKind.values()) {
      Optional<String> row = doc.lines().filter(line -> line.startsWith("| `" + kind.name() + "` |")).findFirst();
      assertThat(row).as("row of %s in TYPES.md", kind).isPresent();
      String[] cells = row.get().split(" \\| ");
      for (String javaName : kind.javaNames()) {
        String simple = javaName.substring(javaName.lastIndexOf('.') + 1);
        assertThat(cells[1]).as("Java types of %s", kind).contains("`" + (javaName.equals("java.util.Date") ? javaName : simple) + "`");
      }
      assertThat(cells[3]).as("TS type of %s", kind).isEqualTo("`" + WireToTs.scalar(kind).typeScript() + "`");
    }
  }

  @Test
  void everyErrorIdIsListed() throws IOException, IllegalAccessException {
    String doc = doc();
    for (Field field : WireMessages.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().equals(field.getName().toUpperCase())
          && field.get(null) instanceof String id && id.startsWith("[Poto/")) {
        assertThat(doc).as("id %s in TYPES.md", id).contains(id.substring("[Poto/".length(), id.length() - 1));
      }
    }
  }

  @Test
  void everyKeyableKindIsNamedAsAMapKey() throws IOException {
    String keys = doc().lines().filter(line -> line.startsWith("**Map keys.**") || line.startsWith("`LOCAL_DATE`"))
        .reduce("", String::concat);
    Arrays.stream(ScalarKind.values()).filter(ScalarKind::mapKey).filter(kind -> kind != ScalarKind.LONG_EXACT)
        .forEach(kind -> assertThat(keys).as("map key %s", kind).contains("`" + kind.name() + "`"));
  }
}
