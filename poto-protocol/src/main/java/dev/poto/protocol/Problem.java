package dev.poto.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}) with Poto's extension members
 * {@code code} (stable, machine-readable) and {@code requestId} (to find the server log line). Every
 * member may be absent, as RFC 9457 allows: a client reads what another server sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
    @JsonProperty(isRequired = OptBoolean.FALSE) String type,
    @JsonProperty(isRequired = OptBoolean.FALSE) String title,
    @JsonProperty(isRequired = OptBoolean.FALSE) int status,
    @JsonProperty(isRequired = OptBoolean.FALSE) String detail,
    @JsonProperty(isRequired = OptBoolean.FALSE) String code,
    @JsonProperty(isRequired = OptBoolean.FALSE) String requestId) {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** Problem type URIs are URNs: stable identifiers that need no host to resolve. */
  public static String typeFor(String code) {
    return "urn:poto:problem:" + code;
  }

  public static Problem of(int status, String code, String title, String detail, String requestId) {
    return new Problem(typeFor(code), title, status, detail, code, requestId);
  }
}
