package dev.poto.it.wire;

import java.time.LocalDate;
import java.util.List;

/** A recursive type; every node carries a value that needs conversion on the way. */
public record Tree(String name, LocalDate planted, List<Tree> children) {}
