package dev.poto.runtime.dispatch;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may call a method: the server's access policy, which generated dispatchers carry and clients
 * never see. Exactly one of: anyone ({@code @Public}), any caller with a valid token, or a caller with
 * one of some roles ({@code @Roles}).
 *
 * @param publicAccess callable without a token
 * @param roles the caller needs one of these; empty means any authenticated caller (or anyone, when
 *     {@code publicAccess})
 */
public record MethodAccess(boolean publicAccess, Set<String> roles) {
  /** {@code @Public}: no token needed (a token sent is still verified). */
  public static final MethodAccess PUBLIC = new MethodAccess(true, Set.of());
  /** The default: any caller with a valid token. */
  public static final MethodAccess AUTHENTICATED = new MethodAccess(false, Set.of());

  public MethodAccess {
    roles = Set.copyOf(roles);
    if (publicAccess && !roles.isEmpty()) {
      throw new IllegalArgumentException("a public method cannot also require roles " + roles);
    }
  }

  /** {@code @Roles(...)}: a valid token carrying at least one of {@code roles}. */
  public static MethodAccess roles(String... roles) {
    if (roles.length == 0) {
      throw new IllegalArgumentException("name at least one role");
    }
    for (String role : roles) {
      Objects.requireNonNull(role, "role");
    }
    return new MethodAccess(false, Set.copyOf(List.of(roles)));
  }
}
