package dev.poto.client;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;

/**
 * One client identity's cookies, kept in memory. The jar is applied per request rather than installed
 * on the {@link java.net.http.HttpClient}, so several identities can share one connection pool without
 * ever seeing each other's cookies.
 */
final class CookieJar {
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);

  void addTo(HttpRequest.Builder request, URI uri) {
    try {
      for (Map.Entry<String, List<String>> header : cookies.get(uri, Map.of()).entrySet()) {
        for (String value : header.getValue()) {
          request.header(header.getKey(), value);
        }
      }
    } catch (IOException e) {
      // The in-memory store does no I/O; a cookie we cannot read is a cookie we do not send.
    }
  }

  void storeFrom(URI uri, HttpHeaders headers) {
    try {
      cookies.put(uri, headers.map());
    } catch (IOException e) {
      // Same as above: nothing to recover, the cookie is dropped.
    }
  }

  List<HttpCookie> all() {
    return cookies.getCookieStore().getCookies();
  }

  void clear() {
    cookies.getCookieStore().removeAll();
  }
}
