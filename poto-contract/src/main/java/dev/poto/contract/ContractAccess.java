package dev.poto.contract;

import java.util.List;
import java.util.TreeSet;

/**
 * Who may call a method.
 *
 * @param publicAccess callable without a token ({@code @Public})
 * @param roles the caller needs one of these (sorted, no duplicates); empty means any authenticated caller
 *     (or anyone, when {@code publicAccess})
 */
public record ContractAccess(boolean publicAccess, List<String> roles) {
  public ContractAccess {
    roles = List.copyOf(new TreeSet<>(roles));
  }

  public static final ContractAccess AUTHENTICATED = new ContractAccess(false, List.of());
}
