package dev.poto.runtime.context;

import java.util.Objects;
import java.util.Set;

/** The authenticated caller: an id and its roles, as carried in the token. */
public record PotoUser(String id, Set<String> roles) {
  public PotoUser {
    Objects.requireNonNull(id, "id");
    roles = Set.copyOf(roles);
  }

  public boolean hasRole(String role) {
    return roles.contains(role);
  }
}
