package dev.poto.session.redis;

import io.lettuce.core.cluster.SlotHash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * The Redis key layout, all under one prefix so several apps can share a Redis. Sessions sit in
 * buckets; each bucket holds
 *
 * <ul>
 *   <li>{@code {bucket}session:{userId}}: a hash, one field per session key, values are JSON text;
 *       its TTL is the idle timeout, renewed on every access;
 *   <li>{@code {bucket}sessions}: a sorted set of the bucket's user ids scored by last access (epoch ms,
 *       Redis clock), which gives an exact count and an efficient idle cleanup;
 *   <li>{@code {bucket}sessions:evicted}: a counter of the bucket's sessions removed for idleness;
 * </ul>
 *
 * and {@code {prefix}attempts:{key}} is a sorted set of recent login or visitor attempts for one key (a
 * hashed user name or address), scored by time, expiring with its window.
 *
 * <p>A standalone server (also behind Sentinel) has one bucket whose keys start with the prefix itself:
 * {@code poto:session:{userId}}, {@code poto:sessions}, the layout every earlier version wrote, so an
 * upgrade reads every existing session. A Redis Cluster runs a script only when all its keys are in one
 * hash slot, so there the sessions spread over {@value #CLUSTER_BUCKETS} buckets, each under a hash tag of
 * its own ({@code poto:{t}:session:{userId}}, {@code poto:{t}:sessions}): a user's hash, its bucket's
 * index and counter share a slot, and the tags are chosen so the buckets spread evenly over the slot range
 * (and so over the primaries).
 */
final class SessionKeys {
  /** Part of the Cluster layout: changing it moves every session to another key. */
  static final int CLUSTER_BUCKETS = 128;

  private static final List<String> CLUSTER_TAGS = clusterTags();

  private final String prefix;
  private final List<Bucket> buckets;

  private SessionKeys(String prefix, List<Bucket> buckets) {
    this.prefix = prefix;
    this.buckets = buckets;
  }

  /** The layout for {@code mode}. */
  static SessionKeys of(RedisMode mode, String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    if (mode != RedisMode.CLUSTER) {
      return new SessionKeys(prefix, List.of(new Bucket(prefix)));
    }
    return new SessionKeys(prefix, CLUSTER_TAGS.stream().map(tag -> new Bucket(prefix + "{" + tag + "}:")).toList());
  }

  /** One bucket's keys; every key of a bucket has the same hash slot. */
  record Bucket(String keyStart) {
    /** What every session hash key of the bucket starts with; the scripts append the user id. */
    String sessionPrefix() {
      return keyStart + "session:";
    }

    String session(String userId) {
      return sessionPrefix() + Objects.requireNonNull(userId, "userId");
    }

    String index() {
      return keyStart + "sessions";
    }

    String evictedCounter() {
      return keyStart + "sessions:evicted";
    }
  }

  List<Bucket> buckets() {
    return buckets;
  }

  /** The bucket of {@code userId}'s session; the same on every node (CRC-32 of the id's UTF-8 bytes). */
  Bucket bucketOf(String userId) {
    Objects.requireNonNull(userId, "userId");
    if (buckets.size() == 1) {
      return buckets.getFirst();
    }
    CRC32 crc = new CRC32();
    crc.update(userId.getBytes(StandardCharsets.UTF_8));
    return buckets.get((int) (crc.getValue() % buckets.size()));
  }

  /** The sorted set of one attempt-count key ({@link AttemptScripts}); scripts on it touch only it. */
  String attempts(String key) {
    return prefix + "attempts:" + Objects.requireNonNull(key, "key");
  }

  /**
   * For bucket b the smallest number whose Redis hash slot lies in the b-th of {@value #CLUSTER_BUCKETS}
   * equal parts of the slot range, so the buckets cover the slots evenly.
   */
  private static List<String> clusterTags() {
    String[] tags = new String[CLUSTER_BUCKETS];
    int found = 0;
    for (int candidate = 0; found < CLUSTER_BUCKETS; candidate++) {
      String tag = Integer.toString(candidate);
      int bucket = SlotHash.getSlot(tag) * CLUSTER_BUCKETS / SlotHash.SLOT_COUNT;
      if (tags[bucket] == null) {
        tags[bucket] = tag;
        found++;
      }
    }
    return List.of(tags);
  }
}
