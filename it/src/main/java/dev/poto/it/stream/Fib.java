package dev.poto.it.stream;

import java.math.BigInteger;

/** The n-th Fibonacci number; past n = 92 it no longer fits in a long. */
public record Fib(int n, BigInteger value) {}
