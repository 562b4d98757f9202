package dev.poto.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.observability.CallRecord;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;

/** Writes RFC 9457 {@code application/problem+json} answers; the only way Poto reports an error. */
public final class ProblemResponder {
  private static final ObjectWriter WRITER = new ObjectMapper().writerFor(Problem.class);

  private ProblemResponder() {}

  public static Problem problem(int status, String code, String detail, String requestId) {
    return Problem.of(status, code, title(status), detail, requestId);
  }

  public static void send(Context ctx, RpcException error, String requestId) {
    send(ctx, problem(error.status(), error.code(), error.detail(), requestId));
  }

  public static void send(Context ctx, int status, String code, String detail, String requestId) {
    send(ctx, problem(status, code, detail, requestId));
  }

  public static void send(Context ctx, Problem problem) {
    CallRecord.problem(ctx, problem.code());
    if (problem.requestId() != null) {
      ctx.header(Protocol.REQUEST_ID_HEADER, problem.requestId());
    }
    ctx.status(problem.status());
    ctx.contentType(Problem.CONTENT_TYPE);
    ctx.result(encode(problem));
  }

  /** The problem as JSON bytes; also used by event streams for their {@code error} frame. */
  public static byte[] encode(Problem problem) {
    try {
      return WRITER.writeValueAsBytes(problem);
    } catch (JsonProcessingException e) {
      // A record of strings and an int always serializes; this is a last resort, still valid JSON.
      return ("{\"status\":" + problem.status() + ",\"code\":\"" + ProblemCodes.INTERNAL_ERROR + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String title(int status) {
    HttpStatus known = HttpStatus.forStatus(status);
    return known == HttpStatus.UNKNOWN ? "Error " + status : known.getMessage();
  }
}
