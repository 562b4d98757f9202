package dev.poto.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {
  private final PasswordHasher hasher = new PasswordHasher(1_000);

  @Test
  void defaultIsStrong() {
    assertThat(new PasswordHasher().iterations()).isGreaterThanOrEqualTo(210_000);
  }

  @Test
  void matchesOnlyTheRightPassword() {
    String hash = hasher.hash("correct horse".toCharArray());
    assertThat(hasher.matches("correct horse".toCharArray(), hash)).isTrue();
    assertThat(hasher.matches("correct horsf".toCharArray(), hash)).isFalse();
    assertThat(hasher.matches("".toCharArray(), hash)).isFalse();
  }

  @Test
  void hashesAreSaltedAndCarryTheirIterations() {
    // A space is no base64 character, so the password can only appear in the hash if stored in clear.
    String a = hasher.hash("pass word".toCharArray());
    String b = hasher.hash("pass word".toCharArray());
    assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$").doesNotContain("pass word");
    // A hasher with another default still verifies older hashes.
    assertThat(new PasswordHasher(5).matches("pass word".toCharArray(), a)).isTrue();
  }

  @Test
  void garbledHashesNeverMatchNorThrow() {
    for (String garbled : new String[] {"", "x", "pbkdf2-sha256$abc$AA$AA", "pbkdf2-sha256$10$!!$AA", "md5$1$AA$AA"}) {
      assertThat(hasher.matches("pw".toCharArray(), garbled)).isFalse();
    }
    assertThat(hasher.matches("pw".toCharArray(), null)).isFalse();
  }

  @Test
  void emptyPasswordsCannotBeStored() {
    assertThatThrownBy(() -> hasher.hash(new char[0])).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void inMemoryProviderVerifies() {
    InMemoryUserProvider users = new InMemoryUserProvider(hasher);
    StoredUser alice = users.addUser("alice", "pw1", "member");
    assertThat(alice.id()).startsWith("user_");
    assertThat(users.verify("alice", "pw1".toCharArray())).contains(alice);
    assertThat(users.verify("alice", "pw2".toCharArray())).isEmpty();
    assertThat(users.verify("bob", "pw1".toCharArray())).isEmpty();
    assertThat(users.verify(null, "pw1".toCharArray())).isEmpty();
    assertThat(users.findUser("alice").orElseThrow().roles()).isEqualTo(Set.of("member"));
    assertThat(alice.toString()).doesNotContain(alice.passwordHash());
  }
}
