package dev.poto.session.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.cluster.SlotHash;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The key layouts: unchanged for a standalone server, one hash slot per bucket on a Cluster. */
class SessionKeysTest {

  @Test
  void standaloneAndSentinelKeepTheLayoutEarlierVersionsWrote() {
    for (RedisMode mode : new RedisMode[] {RedisMode.STANDALONE, RedisMode.SENTINEL}) {
      SessionKeys keys = SessionKeys.of(mode, "poto:");
      assertThat(keys.buckets()).hasSize(1);
      SessionKeys.Bucket bucket = keys.bucketOf("user_1");
      assertThat(bucket.session("user_1")).isEqualTo("poto:session:user_1");
      assertThat(bucket.index()).isEqualTo("poto:sessions");
      assertThat(bucket.evictedCounter()).isEqualTo("poto:sessions:evicted");
      assertThat(keys.attempts("k")).isEqualTo("poto:attempts:k");
    }
  }

  @Test
  void everyKeyOfAClusterBucketSharesOneSlotAndTheBucketsCoverTheSlotRangeEvenly() {
    SessionKeys keys = SessionKeys.of(RedisMode.CLUSTER, "poto:");
    assertThat(keys.buckets()).hasSize(SessionKeys.CLUSTER_BUCKETS);
    Set<Integer> slots = new HashSet<>();
    for (int b = 0; b < keys.buckets().size(); b++) {
      SessionKeys.Bucket bucket = keys.buckets().get(b);
      int slot = SlotHash.getSlot(bucket.index());
      assertThat(SlotHash.getSlot(bucket.session("any {odd} user id"))).isEqualTo(slot);
      assertThat(SlotHash.getSlot(bucket.evictedCounter())).isEqualTo(slot);
      assertThat(slot * SessionKeys.CLUSTER_BUCKETS / SlotHash.SLOT_COUNT).as("bucket %d's part of the slots", b)
          .isEqualTo(b);
      slots.add(slot);
    }
    assertThat(slots).hasSize(SessionKeys.CLUSTER_BUCKETS);
  }

  @Test
  void theClusterLayoutIsStableAcrossVersions() {
    SessionKeys keys = SessionKeys.of(RedisMode.CLUSTER, "poto:");
    // Pinned: a change here moves every stored session to another key.
    assertThat(keys.bucketOf("user_alice").session("user_alice")).isEqualTo("poto:{47}:session:user_alice");
    assertThat(keys.buckets().getFirst().index()).isEqualTo(FIRST_INDEX);
    assertThat(keys.attempts("k")).isEqualTo("poto:attempts:k");
  }

  private static final String FIRST_INDEX = "poto:{14}:sessions";
}
