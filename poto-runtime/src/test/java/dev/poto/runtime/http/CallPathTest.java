package dev.poto.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How a request path is cut into module and method below the context path and the prefix. */
class CallPathTest {

  @ParameterizedTest(name = "{0} (context {1}, prefix {2}) -> [{3}] [{4}] {5}")
  @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
      /poto/todo/add | null | /poto | todo | add | true
      /poto/todo/add/ | null | /poto | todo | add | true
      /poto/todo/add// | / | /poto | todo | add | true
      /poto/todo | null | /poto | todo | '' | false
      /poto/todo/ | null | /poto | todo | '' | false
      /poto/ | null | /poto | '' | '' | false
      /poto | null | /poto | '' | '' | false
      /potato/todo/add | null | /poto | '' | '' | false
      /other/todo/add | null | /poto | '' | '' | false
      /poto/a/b/c | null | /poto | a | b | false
      /poto/a//b | null | /poto | a | '' | false
      /poto//add | null | /poto | '' | add | true
      /app/poto/todo/add | /app | /poto | todo | add | true
      /app/poto/todo/add | null | /poto | '' | '' | false
      /todo/add | null | '' | todo | add | true
      /_client/x.js | null | '' | _client | x.js | true
      /rpc/_auth/visitor | null | /rpc | _auth | visitor | true
      """)
  void cutsThePathBelowThePrefix(
      String path, String contextPath, String prefix, String module, String method, boolean two) {
    assertThat(CallPath.below(path, contextPath, prefix)).isEqualTo(new CallPath(module, method, two));
  }
}
