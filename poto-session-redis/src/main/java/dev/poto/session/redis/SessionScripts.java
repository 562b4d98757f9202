package dev.poto.session.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Lua scripts behind every session operation. Each runs atomically in Redis, so the write, the TTL
 * renewal and the index update happen in one round trip and can never be seen half-done. Times come
 * from the Redis clock ({@code TIME}), so nodes with skewed clocks still agree.
 *
 * <p>Invariant kept by the scripts: a user id is in the index while its hash exists. A hash can vanish
 * behind the scripts' back only by expiring (or by Redis memory eviction), so an index entry without a
 * hash is a session Redis expired: the scripts then drop the entry and count it as evicted.
 */
final class SessionScripts {
  private SessionScripts() {}

  /** A script and its SHA-1, so calls can send the digest (EVALSHA) instead of the text. */
  record Script(String text, String sha) {
    Script(String text) {
      this(text, sha1Hex(text));
    }
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every JDK", e);
    }
  }

  private static final String PRELUDE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      """;

  // KEYS: 1 session hash, 2 index, 3 evicted counter. ARGV: 1 user id, 2 idle ms, then per script.
  private static final String PER_USER =
      PRELUDE
          + """
          local function touch()
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            redis.call('ZADD', KEYS[2], string.format('%.0f', now), ARGV[1])
          end
          local function noteExpired()
            if redis.call('ZREM', KEYS[2], ARGV[1]) == 1 then redis.call('INCR', KEYS[3]) end
          end
          local live = redis.call('EXISTS', KEYS[1]) == 1
          """;

  /** ARGV[3] field. Returns the value or nil; renews the TTL of an existing session. */
  static final Script GET =
      new Script(
          PER_USER
              + """
          if not live then noteExpired() return false end
          local value = redis.call('HGET', KEYS[1], ARGV[3])
          touch()
          return value
          """);

  /** ARGV[3] field, ARGV[4] value. Creates the session if needed. */
  static final Script PUT =
      new Script(
          PER_USER
              + """
          if not live then noteExpired() end
          redis.call('HSET', KEYS[1], ARGV[3], ARGV[4])
          touch()
          return 1
          """);

  /**
   * The write half of an atomic update: a compare-and-set of one field. ARGV[3] field; ARGV[4] '1' when
   * the caller read the value ARGV[5], '0' when it read none; ARGV[6] '1' to write ARGV[7], '0' to remove
   * the field. Changes the field only if it still holds exactly what the caller read (the value itself is
   * the version: the caller's function computed the new value from it alone, so an equal value means an
   * equal result). Returns 1 when it changed the field, 0 when another write got there first.
   */
  static final Script COMPARE_AND_SET =
      new Script(
          PER_USER
              + """
          if not live then noteExpired() end
          local current = redis.call('HGET', KEYS[1], ARGV[3])
          local expected = false
          if ARGV[4] == '1' then expected = ARGV[5] end
          if current ~= expected then return 0 end
          if ARGV[6] == '1' then
            redis.call('HSET', KEYS[1], ARGV[3], ARGV[7])
            touch()
          elseif current then
            redis.call('HDEL', KEYS[1], ARGV[3])
            if redis.call('EXISTS', KEYS[1]) == 1 then touch() else redis.call('ZREM', KEYS[2], ARGV[1]) end
          elseif live then
            touch()
          end
          return 1
          """);

  /** ARGV[3] field. Returns 1 if it was there; removing the last field ends the session. */
  static final Script REMOVE =
      new Script(
          PER_USER
              + """
          if not live then noteExpired() return 0 end
          local removed = redis.call('HDEL', KEYS[1], ARGV[3])
          if redis.call('EXISTS', KEYS[1]) == 1 then touch() else redis.call('ZREM', KEYS[2], ARGV[1]) end
          return removed
          """);

  /** Returns 1 if there was a session. */
  static final Script DELETE =
      new Script(
          PER_USER
              + """
          if not live then noteExpired() return 0 end
          redis.call('DEL', KEYS[1])
          redis.call('ZREM', KEYS[2], ARGV[1])
          return 1
          """);

  /**
   * One batch of bookkeeping for stats. KEYS: 1 index, 2 evicted counter. ARGV: 1 idle ms, 2 session
   * key prefix, 3 offset, 4 batch size. Entries older than the idle timeout are candidates; those whose
   * hash is gone are dropped and counted as evicted, live ones are skipped (the caller moves the offset
   * past them). Returns {candidates looked at, entries dropped, sessions now indexed, evicted total}.
   */
  static final Script STATS_BATCH =
      new Script(
          PRELUDE
              + """
          local cutoff = string.format('%.0f', now - tonumber(ARGV[1]))
          local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff, 'LIMIT', ARGV[3], ARGV[4])
          local dropped = 0
          for _, id in ipairs(ids) do
            if redis.call('EXISTS', ARGV[2] .. id) == 0 then
              redis.call('ZREM', KEYS[1], id)
              dropped = dropped + 1
            end
          end
          if dropped > 0 then redis.call('INCRBY', KEYS[2], dropped) end
          return {#ids, dropped, redis.call('ZCARD', KEYS[1]), tonumber(redis.call('GET', KEYS[2]) or '0')}
          """);

  /**
   * One batch of idle cleanup. KEYS: 1 index, 2 evicted counter. ARGV: 1 max idle ms, 2 session key
   * prefix, 3 batch size. Deletes sessions last touched before now - max idle. Returns {entries looked at,
   * sessions deleted}; entries whose hash had already expired are dropped and counted as evicted too.
   */
  static final Script CLEANUP_BATCH =
      new Script(
          PRELUDE
              + """
          local cutoff = string.format('%.0f', now - tonumber(ARGV[1]))
          local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. cutoff, 'LIMIT', 0, ARGV[3])
          local deleted = 0
          for _, id in ipairs(ids) do
            deleted = deleted + redis.call('DEL', ARGV[2] .. id)
            redis.call('ZREM', KEYS[1], id)
          end
          if #ids > 0 then redis.call('INCRBY', KEYS[2], #ids) end
          return {#ids, deleted}
          """);

  /** Every script, loaded into Redis at startup. */
  static final List<Script> ALL = List.of(GET, PUT, COMPARE_AND_SET, REMOVE, DELETE, STATS_BATCH, CLEANUP_BATCH);
}
