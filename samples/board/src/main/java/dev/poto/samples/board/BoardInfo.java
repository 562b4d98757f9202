package dev.poto.samples.board;

/** What anyone may learn about the board without logging in. */
public record BoardInfo(String name, int notes, int watchers) {}
