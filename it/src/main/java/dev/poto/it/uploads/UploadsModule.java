package dev.poto.it.uploads;

import dev.poto.annotations.Public;
import dev.poto.annotations.Rpc;
import dev.poto.annotations.RpcModule;
import dev.poto.protocol.Upload;
import dev.poto.runtime.Poto;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/** Uploads end to end: the server reads every byte and answers what it received, checksum included. */
@RpcModule("uploads")
@Public
public class UploadsModule {
  /**
   * How each {@link #watched} call ended on the server, as the tests observe it: {@code cancelled} when
   * the call was cancelled while reading, {@code read:<bytes>} when the body was read to its end.
   */
  public final BlockingQueue<String> watchedOutcomes = new LinkedBlockingQueue<>();
  /**
   * Set by a test that measures the server's heap: {@link #digest} then records the heap in use after a
   * collection once half of the declared length has been read, in {@link #heapHalfway}.
   */
  public volatile boolean measureHeap;
  public final AtomicLong heapHalfway = new AtomicLong();

  /** The upload's SHA-256, length, media type and file name, with the other arguments as sent. */
  @Rpc
  public Received digest(String label, Upload file, @Nullable Integer copies) throws IOException {
    MessageDigest sha256 = sha256();
    long length = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = file.open()) {
      long half = file.length().orElse(Long.MAX_VALUE) / 2;
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha256.update(buffer, 0, n);
        length += n;
        if (measureHeap && length >= half && heapHalfway.get() == 0) {
          heapHalfway.set(usedAfterGc());
        }
      }
    }
    return new Received(label, copies, file.contentType(), file.fileName().orElse(null), length,
        HexFormat.of().formatHex(sha256.digest()));
  }

  /** Reads the body and records how the call ended: the deadline tests stall the body part way. */
  @Rpc
  public long watched(Upload data) throws IOException {
    long length = 0;
    byte[] buffer = new byte[8 * 1024];
    try (InputStream in = data.open()) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        length += n;
      }
    } catch (IOException | RuntimeException e) {
      watchedOutcomes.add(Poto.isCancelled() ? "cancelled" : "failed: " + e);
      throw e;
    }
    watchedOutcomes.add("read:" + length);
    return length;
  }

  /** The heap in use after a full collection. */
  public static long usedAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the server received. */
  public record Received(String label, @Nullable Integer copies, String contentType, @Nullable String fileName,
      long length, String sha256) {}
}
