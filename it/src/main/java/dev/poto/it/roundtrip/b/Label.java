package dev.poto.it.roundtrip.b;

/** Shares its simple name with {@code a.Label}: the TypeScript client must keep them apart. */
public record Label(int weight) {}
