package dev.poto.runtime.http;

import dev.poto.runtime.context.RequestHeaders;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The request headers straight from Jetty's parsed fields, without copying them per call: Jetty
 * builds an immutable {@link HttpFields} for every request (never recycled), so reading it later,
 * even after the exchange has ended, sees this request's headers and no other's. The map view, which
 * few calls ask for, is built on first use.
 */
final class JettyRequestHeaders implements RequestHeaders {
  private volatile HttpFields fields;
  private volatile Map<String, String> map;

  JettyRequestHeaders(HttpFields fields) {
    this.fields = fields.asImmutable(); // already immutable for a parsed request: then no copy
  }

  /**
   * Lets go of Jetty's fields for a copy of the same headers, for a call that outlives its request in
   * Jetty: the parsed fields reach the request's connection (its parser and channel), which Jetty
   * drops once the request has completed. Called before the call's other threads start.
   */
  void keepPastRequest() {
    HttpFields.Mutable copy = HttpFields.build(fields.size());
    for (HttpField field : fields) {
      copy.add(new HttpField(field.getName(), field.getValue()));
    }
    fields = copy.asImmutable();
  }

  @Override
  public String get(String name) {
    return fields.get(name);
  }

  @Override
  public Map<String, String> asMap() {
    Map<String, String> view = map;
    if (view == null) {
      TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (HttpField field : fields) {
        copy.putIfAbsent(field.getName(), field.getValue());
      }
      view = Collections.unmodifiableMap(copy);
      map = view; // a benign race: every thread builds the same map
    }
    return view;
  }
}
