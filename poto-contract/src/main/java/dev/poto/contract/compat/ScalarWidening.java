package dev.poto.contract.compat;

import dev.poto.contract.ScalarKind;
import java.util.Map;
import java.util.Set;

/**
 * Which scalar kinds a reader of another kind takes exactly under Poto's strict JSON (docs/PROTOCOL.md
 * §6): a wider integer reads every narrower one, {@code double} reads every {@code float}, and
 * {@code big_integer} every integer. Anything else is a different wire value. Kinds are compared by
 * their contract names, so a {@code LONG_EXACT} is the {@code long} it is on the wire.
 */
final class ScalarWidening {
  private ScalarWidening() {}

  private static final Map<ScalarKind, Set<ScalarKind>> READS = Map.of(
      ScalarKind.SHORT, Set.of(ScalarKind.BYTE),
      ScalarKind.INT, Set.of(ScalarKind.BYTE, ScalarKind.SHORT),
      ScalarKind.LONG, Set.of(ScalarKind.BYTE, ScalarKind.SHORT, ScalarKind.INT),
      ScalarKind.BIG_INTEGER, Set.of(ScalarKind.BYTE, ScalarKind.SHORT, ScalarKind.INT, ScalarKind.LONG),
      ScalarKind.DOUBLE, Set.of(ScalarKind.FLOAT));

  static boolean accepts(ScalarKind reader, ScalarKind writer) {
    ScalarKind read = ScalarKind.forContractName(reader.contractName());
    ScalarKind written = ScalarKind.forContractName(writer.contractName());
    return read == written || READS.getOrDefault(read, Set.of()).contains(written);
  }
}
