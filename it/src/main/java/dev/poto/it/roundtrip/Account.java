package dev.poto.it.roundtrip;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A bean (getters, setters and a public field) with required and optional properties: the wire reads it
 * as strictly as a record.
 */
public class Account {
  private String owner;
  private int stars;
  private @Nullable String note;
  public String tag;

  public Account() {}

  public Account(String owner, int stars, @Nullable String note, String tag) {
    this.owner = owner;
    this.stars = stars;
    this.note = note;
    this.tag = tag;
  }

  public String getOwner() { return owner; }
  public void setOwner(String owner) { this.owner = owner; }
  public int getStars() { return stars; }
  public void setStars(int stars) { this.stars = stars; }
  public @Nullable String getNote() { return note; }
  public void setNote(@Nullable String note) { this.note = note; }

  @Override
  public boolean equals(Object other) {
    return other instanceof Account a && Objects.equals(owner, a.owner) && stars == a.stars
        && Objects.equals(note, a.note) && Objects.equals(tag, a.tag);
  }

  @Override
  public int hashCode() {
    return Objects.hash(owner, stars, note, tag);
  }
}
