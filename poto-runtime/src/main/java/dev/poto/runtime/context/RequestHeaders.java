package dev.poto.runtime.context;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A call's request headers as module code sees them: an immutable snapshot taken when the call
 * arrived, names case-insensitive, the first value of each name.
 */
public interface RequestHeaders {

  /** The first value of the named header (any case), or null. */
  String get(String name);

  /** Every header, first value of each, keyed case-insensitively; unmodifiable. */
  Map<String, String> asMap();

  /** A snapshot of {@code headers} (first value of each name). */
  static RequestHeaders copyOf(Map<String, String> headers) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(copy::putIfAbsent);
    Map<String, String> view = Collections.unmodifiableMap(copy);
    return new RequestHeaders() {
      @Override
      public String get(String name) {
        return view.get(name);
      }

      @Override
      public Map<String, String> asMap() {
        return view;
      }
    };
  }
}
