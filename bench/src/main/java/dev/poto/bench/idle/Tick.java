package dev.poto.bench.idle;

/** The one item an idle stream sends before it waits. */
public record Tick(long seq, String note) {}
