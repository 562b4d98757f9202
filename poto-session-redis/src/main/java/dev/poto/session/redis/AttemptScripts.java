package dev.poto.session.redis;

import java.util.List;

/**
 * The sliding-window attempt counts behind {@link RedisSessionProvider}'s
 * {@link dev.poto.runtime.auth.AttemptStore}: one sorted set per key, members scored by the Redis clock
 * (epoch ms), so every node sees the same window. Each set keeps at most its limit of members and
 * expires with its window.
 */
final class AttemptScripts {
  private AttemptScripts() {}

  private static final String PRELUDE =
      """
      local t = redis.call('TIME')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local limit = tonumber(ARGV[1])
      local window = tonumber(ARGV[2])
      redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
      """;

  /** KEYS: 1 the set. ARGV: 1 limit, 2 window ms. Returns 0, or the ms until the count is below the limit. */
  static final SessionScripts.Script RETRY_AFTER =
      new SessionScripts.Script(
          PRELUDE
              + """
              local n = redis.call('ZCARD', KEYS[1])
              if n < limit then return 0 end
              local entry = redis.call('ZRANGE', KEYS[1], n - limit, n - limit, 'WITHSCORES')
              local wait = tonumber(entry[2]) + window - now
              if wait < 1 then wait = 1 end
              return wait
              """);

  /** KEYS: 1 the set. ARGV: 1 limit, 2 window ms, 3 a unique member suffix. Records one attempt now. */
  static final SessionScripts.Script RECORD =
      new SessionScripts.Script(
          PRELUDE
              + """
              local score = string.format('%.0f', now)
              redis.call('ZADD', KEYS[1], score, score .. ':' .. ARGV[3])
              local extra = redis.call('ZCARD', KEYS[1]) - limit
              if extra > 0 then redis.call('ZREMRANGEBYRANK', KEYS[1], 0, extra - 1) end
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
              """);

  static final List<SessionScripts.Script> ALL = List.of(RETRY_AFTER, RECORD);
}
