package dev.poto.runtime.http;

import dev.poto.protocol.Protocol;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.locks.ReentrantLock;

/** The {@code Poto-Request-Id} of a call: the caller's when it is a safe token, else a new random one. */
public final class RequestIds {
  private static final int ID_BYTES = 12; // 96 bits: 16 URL-safe characters
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final RandomBatch RANDOM = new RandomBatch(ID_BYTES * 256);

  private RequestIds() {}

  public static String acceptOrCreate(String incoming) {
    return incoming != null && Protocol.isSafeRequestId(incoming) ? incoming : create();
  }

  public static String create() {
    byte[] bytes = new byte[ID_BYTES];
    RANDOM.next(bytes);
    return ENCODER.encodeToString(bytes);
  }

  /**
   * SecureRandom bytes drawn in batches. Each {@code nextBytes} call on a DRBG pays for its locking
   * and a state update whatever its length, which showed up on every request's profile; one draw of a
   * few kilobytes serves hundreds of ids. Request ids are correlation handles, not secrets, so holding
   * the next ones in memory gives nothing away. (DRBG rather than the platform default NativePRNG,
   * which takes a global lock and reads /dev/urandom on every call.)
   */
  private static final class RandomBatch {
    private final SecureRandom random = drbg();
    private final ReentrantLock lock = new ReentrantLock();
    private final byte[] batch;
    private int position;

    RandomBatch(int size) {
      this.batch = new byte[size];
      this.position = size; // drawn on first use
    }

    void next(byte[] into) {
      lock.lock();
      try {
        if (position + into.length > batch.length) {
          random.nextBytes(batch);
          position = 0;
        }
        System.arraycopy(batch, position, into, 0, into.length);
        position += into.length;
      } finally {
        lock.unlock();
      }
    }

    private static SecureRandom drbg() {
      try {
        return SecureRandom.getInstance("DRBG");
      } catch (NoSuchAlgorithmException e) {
        return new SecureRandom();
      }
    }
  }
}
