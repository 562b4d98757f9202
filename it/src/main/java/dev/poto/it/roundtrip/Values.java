package dev.poto.it.roundtrip;

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
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Many wire types in one record, sent through a client and back. Arrays make {@code equals} an
 * identity check, so tests compare records with a deep comparison.
 */
public record Values(
    boolean flag, byte tiny, short small, char letter, int count, long big, float ratio, double amount,
    @Nullable Boolean boxedFlag, @Nullable Byte boxedTiny, @Nullable Short boxedSmall, @Nullable Character boxedLetter,
    @Nullable Integer boxedCount, @Nullable Long boxedBig, @Nullable Float boxedRatio, @Nullable Double boxedAmount,
    String text, BigDecimal decimal, BigInteger integer, UUID id, Suit suit, byte[] blob,
    Instant at, OffsetDateTime offsetAt, LocalDate day, LocalDateTime localAt, Duration elapsed,
    List<String> list, Set<Integer> set, Map<String, Long> byName, Map<Suit, Double> bySuit,
    int[] ints, String[] words, double[][] grid, List<List<Integer>> nested,
    Optional<String> maybeText, OptionalInt maybeInt, OptionalLong maybeLong, OptionalDouble maybeDouble,
    @Nullable String nullableText, @Nullable Nest nest) {}
