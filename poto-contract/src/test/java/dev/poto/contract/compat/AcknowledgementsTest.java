package dev.poto.contract.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.poto.contract.Contract;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcknowledgementsTest {
  private static final Contract BASELINE = Api.base().build();
  private static final Contract CURRENT = Api.base().remove("notes", "count")
      .params("notes", "add", p -> List.of(p.get(0))).build();

  @Test
  void unacknowledgedBreakingChangesFailTheCheck() {
    CheckResult result = CheckResult.check(BASELINE, CURRENT, Acknowledgements.none());
    assertThat(result.passed()).isFalse();
    assertThat(result.unacknowledgedBreaking()).extracting(Change::key)
        .containsExactly("parameter-removed notes.add(tag)", "method-removed notes.count");
    assertThat(result.report()).contains(
        "!! [breaks old clients] method-removed notes.count",
        "2 breaking change(s) not acknowledged (marked !!). If they are intended, add each line '<rule> <location>'"
            + " shown above to the acknowledgements file (contract-acknowledgements.txt next to the baseline);"
            + " otherwise undo them.");
  }

  @Test
  void listedChangesPassWithCommentsAndBlankLines() {
    Acknowledgements acknowledged = Acknowledgements.parse("""
        # 2.0 drops the tag and the counter; every shipped client was updated in 1.9

        parameter-removed notes.add(tag)   # nobody sent it
        \tmethod-removed   notes.count
        """);
    CheckResult result = CheckResult.check(BASELINE, CURRENT, acknowledged);
    assertThat(result.passed()).isTrue();
    assertThat(result.report()).contains("ok [breaks old clients] method-removed notes.count");
    assertThat(result.unusedAcknowledgements()).isEmpty();
  }

  @Test
  void onlyTheListedChangePasses() {
    CheckResult result = CheckResult.check(BASELINE, CURRENT, Acknowledgements.parse("method-removed notes.count\n"));
    assertThat(result.passed()).isFalse();
    assertThat(result.unacknowledgedBreaking()).extracting(Change::key).containsExactly("parameter-removed notes.add(tag)");
  }

  @Test
  void anAcknowledgementMatchingNothingIsReported() {
    CheckResult result = CheckResult.check(BASELINE, CURRENT,
        Acknowledgements.parse("method-removed notes.count\nparameter-removed notes.add(tag)\nmethod-removed notes.gone\n"));
    assertThat(result.passed()).isTrue();
    assertThat(result.unusedAcknowledgements()).containsExactly("method-removed notes.gone");
    assertThat(result.report()).contains("Acknowledgement matches no change (remove it): method-removed notes.gone");
  }

  @Test
  void aLineThatIsNotRuleAndLocationIsRefused() {
    assertThatThrownBy(() -> Acknowledgements.parse("ok\nmethod-removed notes.count because\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Line 1 of the acknowledgements is not '<rule> <location>' (as the check prints it, e.g."
            + " 'parameter-removed notes.list(tag)'): ok");
  }

  @Test
  void compatibleChangesAloneAreReportedAndPass() {
    CheckResult result = CheckResult.check(BASELINE, Api.base().module("audit", "com.example.Audit").build(), Acknowledgements.none());
    assertThat(result.passed()).isTrue();
    assertThat(result.report()).containsExactly(
        "Contract check: 1 change(s) from the baseline, 0 breaking, 0 of them acknowledged.",
        "   [compatible] module-added audit",
        "     Module 'audit' was added: old clients do not call it; old servers answer it with 404 unknown_module.");
    assertThat(CheckResult.check(BASELINE, BASELINE, Acknowledgements.none()).report())
        .containsExactly("Contract check: no changes from the baseline.");
  }
}
