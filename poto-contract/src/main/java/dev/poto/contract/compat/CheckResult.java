package dev.poto.contract.compat;

import dev.poto.contract.Contract;
import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of comparing a current contract with a baseline: every change, which breaking ones are
 * acknowledged, and which acknowledgements match nothing.
 */
public record CheckResult(List<Change> changes, Acknowledgements acknowledgements) {
  public CheckResult {
    changes = List.copyOf(changes);
  }

  public static CheckResult check(Contract baseline, Contract current, Acknowledgements acknowledgements) {
    return new CheckResult(CompatibilityCheck.compare(baseline, current), acknowledgements);
  }

  /** Breaking changes nobody acknowledged: the build fails on these. */
  public List<Change> unacknowledgedBreaking() {
    return changes.stream().filter(c -> c.impact().breaking() && !acknowledgements.covers(c)).toList();
  }

  public boolean passed() {
    return unacknowledgedBreaking().isEmpty();
  }

  public List<String> unusedAcknowledgements() {
    return acknowledgements.unused(changes);
  }

  /** The report the command line and the Maven plugin print, one change per line. */
  public List<String> report() {
    List<String> lines = new ArrayList<>();
    long breaking = changes.stream().filter(c -> c.impact().breaking()).count();
    long open = unacknowledgedBreaking().size();
    if (changes.isEmpty()) {
      lines.add("Contract check: no changes from the baseline.");
      return lines;
    }
    lines.add("Contract check: " + changes.size() + " change(s) from the baseline, " + breaking + " breaking, "
        + (breaking - open) + " of them acknowledged.");
    for (Change change : changes) {
      String mark = !change.impact().breaking() ? "  " : acknowledgements.covers(change) ? "ok" : "!!";
      lines.add(mark + " [" + change.impact().label() + "] " + change.key());
      lines.add("     " + change.message());
    }
    for (String unused : unusedAcknowledgements()) {
      lines.add("Acknowledgement matches no change (remove it): " + unused);
    }
    if (open > 0) {
      lines.add(open + " breaking change(s) not acknowledged (marked !!). If they are intended, add each line"
          + " '<rule> <location>' shown above to the acknowledgements file (" + Acknowledgements.FILE_NAME
          + " next to the baseline); otherwise undo them.");
    }
    return lines;
  }
}
