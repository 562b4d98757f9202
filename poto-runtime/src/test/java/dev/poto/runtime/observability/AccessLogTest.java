package dev.poto.runtime.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** An access-log line cannot be forged through the one value an identity provider's users may choose. */
class AccessLogTest {
  @AfterEach
  void clearMdc() {
    LogContext.leave();
  }

  private static CallRecord callBy(String userId) {
    CallRecord record = new CallRecord("Zq3xAbCdEfGhIjKl", "POST", name -> null);
    record.routed("board", "post");
    record.user(userId);
    return record;
  }

  @Test
  void aUserIdWithLineBreaksSpacesOrEqualsSignsCannotForgeALineOrAPair() {
    String forged = "mallory\r\n requestId=x user=admin\tcall=board.clear\u2028\u202e=";
    String line = AccessLog.line(callBy(forged));
    assertThat(line).doesNotContain("\r").doesNotContain("\n").doesNotContain("\t").doesNotContain("\u2028")
        .doesNotContain("\u202e").doesNotContain("user=admin").doesNotContain("requestId=x");
    assertThat(line).startsWith("requestId=Zq3xAbCdEfGhIjKl user=mallory???requestId?x?user?admin?call?board.clear??? call=board.post ");
    assertThat(MDC.get(LogContext.USER_ID)).isEqualTo("mallory???requestId?x?user?admin?call?board.clear???");
  }

  @Test
  void ordinaryIdsIncludingLettersOfOtherScriptsAreShownAsTheyAre() {
    assertThat(AccessLog.line(callBy("visitor_Zq3x-AbCd_Ef"))).contains(" user=visitor_Zq3x-AbCd_Ef ");
    assertThat(AccessLog.line(callBy("josé.müller@example.com"))).contains(" user=josé.müller@example.com ");
    assertThat(AccessLog.line(callBy("a".repeat(1000)))).contains(" user=" + "a".repeat(LogContext.USER_ID_LIMIT) + "… ");
  }
}
