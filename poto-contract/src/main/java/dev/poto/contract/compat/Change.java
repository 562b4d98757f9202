package dev.poto.contract.compat;

import java.util.Objects;

/**
 * One difference between a baseline and a current contract.
 *
 * @param rule what kind of change it is ({@code parameter-removed}), stable: acknowledgements name it
 * @param location where ({@code notes.add(tag)}, {@code type com.example.Note.title}), stable too
 * @param impact whom it breaks
 * @param message what changed and what happens to the callers it breaks
 */
public record Change(String rule, String location, Impact impact, String message) {
  public Change {
    Objects.requireNonNull(rule);
    Objects.requireNonNull(location);
    Objects.requireNonNull(impact);
    Objects.requireNonNull(message);
  }

  /** The line that acknowledges this change in an acknowledgement file. */
  public String key() {
    return rule + " " + location;
  }

  @Override
  public String toString() {
    return impact.label() + ": " + key() + ": " + message;
  }
}
