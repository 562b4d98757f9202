package dev.poto.it.wire;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/** A sealed union: a discriminated union in TS, tagged by {@code kind} on the wire. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Shape.Circle.class, name = "circle"),
  @JsonSubTypes.Type(value = Shape.Rect.class, name = "rect"),
  @JsonSubTypes.Type(value = Shape.Stamp.class, name = "stamp")
})
public sealed interface Shape {
  record Circle(double radius) implements Shape {}

  record Rect(double width, double height) implements Shape {}

  /** A variant with values that need conversion (a date, bytes). */
  record Stamp(Instant at, byte[] image) implements Shape {}
}
