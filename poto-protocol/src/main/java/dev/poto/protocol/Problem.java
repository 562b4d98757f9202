package dev.poto.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}) with Poto's extension members
 * {@code code} (stable, machine-readable) and {@code requestId} (to find the server log line).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId) {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** Problem type URIs are URNs: stable identifiers that need no host to resolve. */
  public static String typeFor(String code) {
    return "urn:poto:problem:" + code;
  }

  public static Problem of(int status, String code, String title, String detail, String requestId) {
    return new Problem(typeFor(code), title, status, detail, code, requestId);
  }
}
