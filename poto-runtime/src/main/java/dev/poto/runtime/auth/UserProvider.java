package dev.poto.runtime.auth;

import java.util.Optional;

/**
 * Where named users come from for {@code POST {prefix}/_auth/login}. Implement it over a database or
 * a directory; {@link InMemoryUserProvider} is the built-in one.
 */
public interface UserProvider {

  /** The user with that login name, if any. */
  Optional<StoredUser> findUser(String username);

  /**
   * The user, when the password is right; empty otherwise. Implementations must spend comparable time
   * whether or not the user exists, so that timing does not reveal which usernames exist.
   */
  Optional<StoredUser> verify(String username, char[] password);
}
