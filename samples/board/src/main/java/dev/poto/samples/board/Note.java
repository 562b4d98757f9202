package dev.poto.samples.board;

import java.time.Instant;

/** One note on the board. */
public record Note(long id, String author, String text, Instant postedAt) {}
