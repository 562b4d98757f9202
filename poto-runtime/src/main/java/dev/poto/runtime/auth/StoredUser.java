package dev.poto.runtime.auth;

import java.util.Objects;
import java.util.Set;

/**
 * A user as a {@link UserProvider} stores it: the id put in tokens, the roles, and the password hash
 * in {@link PasswordHasher}'s self-describing format. Never serialized to callers.
 */
public record StoredUser(String id, String username, Set<String> roles, String passwordHash) {
  public StoredUser {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    roles = Set.copyOf(roles);
    Objects.requireNonNull(passwordHash, "passwordHash");
  }

  @Override
  public String toString() {
    return "StoredUser[id=" + id + ", username=" + username + ", roles=" + roles + "]";
  }
}
