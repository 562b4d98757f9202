package dev.poto.contract.cli;

import dev.poto.contract.Contract;
import dev.poto.contract.compat.Acknowledgements;
import dev.poto.contract.compat.CheckResult;
import dev.poto.contract.json.ContractFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code java -cp poto-contract.jar:poto-protocol.jar dev.poto.contract.cli.ContractCheck --baseline B
 * --current C [--acknowledgements A]}: compares two contracts (each a contract file, a jar or a class
 * output directory) and prints every change. Exit codes: {@value #PASSED} no unacknowledged breaking
 * change, {@value #BREAKING} at least one, {@value #USAGE} bad arguments or an unreadable contract.
 */
public final class ContractCheck {
  public static final int PASSED = 0;
  public static final int BREAKING = 1;
  public static final int USAGE = 2;

  static final String USAGE_TEXT = """
      Usage: ContractCheck --baseline <file|jar|dir> --current <file|jar|dir> [--acknowledgements <file>]
        --baseline          the released contract: a contract.json, a jar holding META-INF/poto/contract.json,
                            or a class output directory
        --current           the contract to check, in the same forms
        --acknowledgements  breaking changes made on purpose, one '<rule> <location>' per line; default:
                            contract-acknowledgements.txt next to a baseline file, if it exists
      Exit codes: 0 no unacknowledged breaking change, 1 breaking changes, 2 bad arguments or unreadable input.""";

  private ContractCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the check; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Path baseline = null;
    Path current = null;
    Path acknowledgements = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        out.println(USAGE_TEXT);
        return PASSED;
      }
      if (i + 1 >= args.length) {
        err.println("Missing value after " + arg + ".\n" + USAGE_TEXT);
        return USAGE;
      }
      Path value = Path.of(args[++i]);
      switch (arg) {
        case "--baseline" -> baseline = value;
        case "--current" -> current = value;
        case "--acknowledgements" -> acknowledgements = value;
        default -> {
          err.println("Unknown option " + arg + ".\n" + USAGE_TEXT);
          return USAGE;
        }
      }
    }
    if (baseline == null || current == null) {
      err.println("Both --baseline and --current are needed.\n" + USAGE_TEXT);
      return USAGE;
    }
    try {
      Contract before = ContractFiles.read(baseline);
      Contract after = ContractFiles.read(current);
      Acknowledgements acknowledged = Acknowledgements.read(
          acknowledgements != null ? acknowledgements : defaultAcknowledgements(baseline));
      CheckResult result = CheckResult.check(before, after, acknowledged);
      result.report().forEach(out::println);
      return result.passed() ? PASSED : BREAKING;
    } catch (IOException | IllegalArgumentException e) {
      err.println("Contract check failed: " + e.getMessage());
      return USAGE;
    }
  }

  /** {@value Acknowledgements#FILE_NAME} next to a baseline file (a jar's or directory's sibling too). */
  public static Path defaultAcknowledgements(Path baseline) {
    Path parent = baseline.toAbsolutePath().getParent();
    return parent.resolve(Acknowledgements.FILE_NAME);
  }
}
