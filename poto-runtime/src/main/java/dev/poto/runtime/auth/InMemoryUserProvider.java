package dev.poto.runtime.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users kept in memory with salted PBKDF2 password hashes. Verifying an unknown username still runs a
 * full hash comparison (against a dummy hash), so its timing matches that of a wrong password.
 */
public final class InMemoryUserProvider implements UserProvider {
  private final PasswordHasher hasher;
  private final Map<String, StoredUser> users = new ConcurrentHashMap<>();
  private final String dummyHash;

  public InMemoryUserProvider() {
    this(new PasswordHasher());
  }

  /** With a custom hasher, e.g. {@code new PasswordHasher(1_000)} to keep tests fast. */
  public InMemoryUserProvider(PasswordHasher hasher) {
    this.hasher = Objects.requireNonNull(hasher, "hasher");
    byte[] random = new byte[24];
    new SecureRandom().nextBytes(random);
    this.dummyHash = hasher.hash(Base64.getEncoder().encodeToString(random).toCharArray());
  }

  /** Adds (or replaces) a user with a fresh random id of the form {@code user_<random>}. */
  public StoredUser addUser(String username, String password, String... roles) {
    return addUser(newUserId(), username, password.toCharArray(), Set.of(roles));
  }

  /** Adds (or replaces) a user with the given id. */
  public StoredUser addUser(String id, String username, char[] password, Set<String> roles) {
    Objects.requireNonNull(username, "username");
    if (username.isBlank()) {
      throw new IllegalArgumentException("A username must not be blank");
    }
    StoredUser user = new StoredUser(id, username, roles, hasher.hash(password));
    users.put(username, user);
    return user;
  }

  @Override
  public Optional<StoredUser> findUser(String username) {
    return Optional.ofNullable(users.get(username));
  }

  @Override
  public Optional<StoredUser> verify(String username, char[] password) {
    StoredUser user = username == null ? null : users.get(username);
    boolean matches = hasher.matches(password, user != null ? user.passwordHash() : dummyHash);
    return user != null && matches ? Optional.of(user) : Optional.empty();
  }

  private static String newUserId() {
    byte[] random = new byte[16];
    new SecureRandom().nextBytes(random);
    return "user_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
  }
}
