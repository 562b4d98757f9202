package dev.poto.runtime.observability;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request under the prefix, at INFO on the logger {@value #LOGGER}, as {@code key=value}
 * pairs a log shipper can parse:
 *
 * <pre>
 * requestId=Zq3x... user=visitor_ab... call=board.post http=POST status=200 code=- durationMs=1.42 bytes=57
 * </pre>
 *
 * Values are ids and names the server chose or validated (the request id follows the protocol's safe
 * pattern, module and method are served names or {@code unknown}, the user id is shown by
 * {@link LogContext#userId}), so a caller cannot forge a line.
 * Turned on with {@code config.accessLog()}.
 */
public final class AccessLog implements CallObserver {
  public static final String LOGGER = "dev.poto.access";
  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  @Override
  public Observation begin(CallRecord call) {
    return log.isInfoEnabled() ? AccessLog::write : Observation.NONE;
  }

  private static void write(CallRecord call) {
    log.info(line(call));
  }

  /** The line for a finished call. */
  public static String line(CallRecord call) {
    long micros = call.durationNanos() / 1_000;
    return "requestId=" + call.requestId()
        + " user=" + (call.userId() == null ? "-" : LogContext.userId(call.userId()))
        + " call=" + call.module() + "." + call.method()
        + " http=" + call.httpMethod()
        + " status=" + call.status()
        + " code=" + (call.code() == null ? "-" : call.code())
        + " durationMs=" + (micros / 1000) + "." + String.format("%03d", micros % 1000)
        + " bytes=" + call.bytes();
  }
}
