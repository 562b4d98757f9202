package dev.poto.it.errors;

import dev.poto.annotations.RpcError;
import dev.poto.protocol.DomainException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A declared error whose fields take the edges of the wire: exact decimals, offsets, lists, nulls. */
@RpcError(code = "quota_exceeded", status = 429)
public final class QuotaExceeded extends DomainException {
  private final int limit;
  private final BigDecimal used;
  private final OffsetDateTime resetsAt;
  private final List<String> owners;
  private final @Nullable String plan;

  public QuotaExceeded(int limit, BigDecimal used, OffsetDateTime resetsAt, List<String> owners, @Nullable String plan) {
    super("Quota of " + limit + " exceeded");
    this.limit = limit;
    this.used = used;
    this.resetsAt = resetsAt;
    this.owners = owners;
    this.plan = plan;
  }

  public int limit() {
    return limit;
  }

  public BigDecimal used() {
    return used;
  }

  public OffsetDateTime resetsAt() {
    return resetsAt;
  }

  public List<String> owners() {
    return owners;
  }

  public @Nullable String plan() {
    return plan;
  }
}
