package dev.poto.it.roundtrip;

/** An enum for the round trip, with a constant whose name is not a plain word. */
public enum Suit {
  HEARTS,
  SPADES,
  NO_TRUMP
}
