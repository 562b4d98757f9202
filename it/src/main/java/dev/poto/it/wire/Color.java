package dev.poto.it.wire;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An enum; one constant renamed on the wire, which the TS union must follow. */
public enum Color {
  RED,
  GREEN,
  @JsonProperty("deep-blue")
  BLUE
}
