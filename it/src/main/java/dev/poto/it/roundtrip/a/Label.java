package dev.poto.it.roundtrip.a;

/** Shares its simple name with {@code b.Label}: the TypeScript client must keep them apart. */
public record Label(String text) {}
