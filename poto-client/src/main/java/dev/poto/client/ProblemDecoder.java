package dev.poto.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.Problem;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import java.io.IOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Turns an error answer (an HTTP error or an SSE error frame) into the {@link RpcException} it stands for. */
final class ProblemDecoder {
  /** Enough of a non-problem body to recognise it, short enough for a log line. */
  private static final int MAX_TEXT = 200;

  private final ObjectReader problemReader;

  ProblemDecoder(ObjectMapper mapper) {
    // Servers may add members to a problem (RFC 9457 allows extensions): ignore what we don't know.
    this.problemReader = mapper.readerFor(Problem.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /** An HTTP answer with a status outside 2xx. */
  RpcException fromHttp(int status, HttpHeaders headers, byte[] body) {
    String requestId = headers.firstValue(Protocol.REQUEST_ID_HEADER).orElse(null);
    int errorStatus = status >= 400 && status <= 599 ? status : ClientFailures.INVALID_RESPONSE_STATUS;
    if (isProblem(headers)) {
      Problem problem = parse(body);
      if (problem != null) {
        return fromProblem(problem, errorStatus, requestId);
      }
    }
    if (errorStatus != status) {
      return ClientFailures.invalidResponse("unexpected HTTP status " + status, requestId, null);
    }
    return new RpcException(status, ProblemCodes.UNEXPECTED_RESPONSE, shortText(status, body), requestId, null);
  }

  /** The data of an {@code event: error} frame, which is a problem JSON document. */
  RpcException fromErrorFrame(String data, String requestId) {
    Problem problem = parse(data.getBytes(StandardCharsets.UTF_8));
    if (problem == null) {
      return ClientFailures.streamBroken("the server reported a stream error that could not be read: "
          + truncate(data), requestId, null);
    }
    return fromProblem(problem, 500, requestId);
  }

  private static RpcException fromProblem(Problem problem, int fallbackStatus, String fallbackRequestId) {
    int status = problem.status() >= 400 && problem.status() <= 599 ? problem.status() : fallbackStatus;
    String requestId = problem.requestId() != null ? problem.requestId() : fallbackRequestId;
    String detail = problem.detail() != null || problem.title() != null ? problem.detail() : "HTTP " + status;
    return RpcException.fromProblem(
        new Problem(problem.type(), problem.title(), status, detail, problem.code(), requestId));
  }

  private Problem parse(byte[] body) {
    try {
      return body.length == 0 ? null : problemReader.readValue(body);
    } catch (IOException | RuntimeException notAProblem) {
      return null;
    }
  }

  private static boolean isProblem(HttpHeaders headers) {
    return headers.firstValue("Content-Type")
        .map(type -> type.toLowerCase(Locale.ROOT).startsWith(Problem.CONTENT_TYPE))
        .orElse(false);
  }

  private static String shortText(int status, byte[] body) {
    // Decode only the head: an error page may be large and we keep a line of it.
    String text = new String(body, 0, Math.min(body.length, 4 * MAX_TEXT), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "HTTP " + status : "HTTP " + status + ": " + truncate(text);
  }

  private static String truncate(String text) {
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
  }
}
