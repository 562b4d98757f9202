package dev.poto.runtime.testmodule;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.poto.runtime.Poto;

/** A result that reads the call context while Jackson encodes it, i.e. while the answer is written. */
public record Contextual(String label) {
  @JsonProperty("seenRequestId")
  public String seenRequestId() {
    return Poto.requestId();
  }
}
