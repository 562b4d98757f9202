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
import java.util.StringJoiner;

/**
 * One client identity's cookies, kept in memory. The jar is applied per request rather than installed
 * on the {@link java.net.http.HttpClient}, so several identities can share one connection pool without
 * ever seeing each other's cookies.
 */
final class CookieJar {
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ORIGINAL_SERVER);

  /**
   * Adds one RFC 6265 {@code Cookie} header ({@code a=1; b=2}). CookieManager's own header is not
   * used: it takes any cookie set with {@code Max-Age} for an RFC 2965 one and sends the obsolete
   * {@code $Version="1"; name="value";$Path="/"} form, which browsers never send and servers may misread.
   */
  void addTo(HttpRequest.Builder request, URI uri) {
    boolean secureLink = "https".equalsIgnoreCase(uri.getScheme());
    String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
    StringJoiner header = new StringJoiner("; ");
    for (HttpCookie cookie : cookies.getCookieStore().get(uri)) {
      if (!cookie.hasExpired() && (secureLink || !cookie.getSecure()) && pathMatches(path, cookie.getPath())) {
        header.add(cookie.getName() + "=" + cookie.getValue());
      }
    }
    if (header.length() > 0) {
      request.header("Cookie", header.toString());
    }
  }

  /** RFC 6265 §5.1.4: the cookie's path is the request path or a directory prefix of it. */
  private static boolean pathMatches(String requestPath, String cookiePath) {
    if (cookiePath == null || cookiePath.isEmpty() || requestPath.equals(cookiePath)) {
      return true;
    }
    return requestPath.startsWith(cookiePath)
        && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
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
