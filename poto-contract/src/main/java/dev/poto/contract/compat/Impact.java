package dev.poto.contract.compat;

/**
 * Whom a change breaks. "Old clients" are clients built against the baseline calling a server built from
 * the current contract; "old servers" are servers built from the baseline called by clients built against
 * the current contract (a client released before its server, or a server rolled back).
 */
public enum Impact {
  COMPATIBLE("compatible"),
  BREAKS_OLD_CLIENTS("breaks old clients"),
  BREAKS_OLD_SERVERS("breaks old servers"),
  BREAKS_OLD_CLIENTS_AND_SERVERS("breaks old clients and old servers");

  private final String label;

  Impact(String label) {
    this.label = label;
  }

  public static Impact of(boolean breaksOldClients, boolean breaksOldServers) {
    if (breaksOldClients) {
      return breaksOldServers ? BREAKS_OLD_CLIENTS_AND_SERVERS : BREAKS_OLD_CLIENTS;
    }
    return breaksOldServers ? BREAKS_OLD_SERVERS : COMPATIBLE;
  }

  public boolean breaksOldClients() {
    return this == BREAKS_OLD_CLIENTS || this == BREAKS_OLD_CLIENTS_AND_SERVERS;
  }

  public boolean breaksOldServers() {
    return this == BREAKS_OLD_SERVERS || this == BREAKS_OLD_CLIENTS_AND_SERVERS;
  }

  public boolean breaking() {
    return this != COMPATIBLE;
  }

  /** Both impacts together. */
  public Impact and(Impact other) {
    return of(breaksOldClients() || other.breaksOldClients(), breaksOldServers() || other.breaksOldServers());
  }

  /** How reports print it: {@code breaks old clients}. */
  public String label() {
    return label;
  }
}
