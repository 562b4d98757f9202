package dev.poto.bench.session;

import dev.poto.bench.support.RedisProcess;
import dev.poto.runtime.session.cookie.CookieSessionKeys;
import dev.poto.runtime.session.cookie.EncryptedCookieSessionProvider;
import dev.poto.runtime.session.InMemorySessionProvider;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.session.redis.RedisSessionConfig;
import dev.poto.session.redis.RedisSessionProvider;

/** The three session stores under test, each made fresh for a measurement. */
enum ProviderKind {
  IN_MEMORY("in-memory"),
  COOKIE("encrypted cookie"),
  REDIS("redis");

  final String label;

  ProviderKind(String label) {
    this.label = label;
  }

  /** A new provider; {@code redis} is needed only for {@link #REDIS}. */
  SessionProvider create(RedisProcess redis) {
    return switch (this) {
      case IN_MEMORY -> new InMemorySessionProvider();
      case COOKIE -> EncryptedCookieSessionProvider.builder(CookieSessionKeys.generate()).build();
      case REDIS -> new RedisSessionProvider(RedisSessionConfig.of(redis.uri()));
    };
  }
}
