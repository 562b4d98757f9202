package dev.poto.it.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Every mapped type in one value, sent from TS to Java and back unchanged. */
public record Everything(
    boolean flag, Boolean boxedFlag,
    byte tiny, short small, int count, float ratio, double amount,
    Integer boxedCount, Double boxedAmount,
    long big, Long boxedBig,
    char letter, String text, UUID id,
    BigDecimal price, BigInteger huge,
    byte[] blob,
    Instant at, OffsetDateTime offsetAt, LocalDate day, LocalDateTime localAt, Duration timeout,
    Color color, Shape shape, Page<Shape> shapes, Tree tree, Inner inner,
    List<String> list, Set<Integer> set, String[] array, int[][] matrix, List<Instant> instants,
    Map<String, Instant> byKey, Map<Color, Integer> byColor,
    Optional<String> maybeText, Optional<Instant> maybeAt,
    @Nullable String nullableText, @Nullable Inner nullableInner, List<@Nullable String> sparse) {

  /** A nested type. */
  public record Inner(String label, List<byte[]> chunks) {}
}
