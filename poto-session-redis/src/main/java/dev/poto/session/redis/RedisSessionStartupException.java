package dev.poto.session.redis;

/** Redis could not be reached or used when the provider started; the message says what to check. */
public class RedisSessionStartupException extends RuntimeException {
  public RedisSessionStartupException(String message, Throwable cause) {
    super(message, cause);
  }
}
