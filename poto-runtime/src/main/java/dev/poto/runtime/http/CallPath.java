package dev.poto.runtime.http;

import io.javalin.http.Context;

/**
 * A request's path below the Poto prefix, cut into its first two segments by hand: this runs on every
 * call, and {@code String.split} compiles and runs a regex.
 *
 * @param module the first segment (a module route, {@code _auth} or {@code _client}); empty if none
 * @param method the second segment; empty if none
 * @param twoSegments whether the path has exactly two segments, as a call's {@code module/method} does
 */
public record CallPath(String module, String method, boolean twoSegments) {

  /** The path of {@code ctx} below the context path and {@code prefix}, trailing slashes ignored. */
  public static CallPath of(Context ctx, String prefix) {
    return below(ctx.path(), ctx.contextPath(), prefix);
  }

  static CallPath below(String path, String contextPath, String prefix) {
    int start = 0;
    if (contextPath != null && !contextPath.equals("/") && path.startsWith(contextPath)) {
      start = contextPath.length();
    }
    int end = path.length();
    if (path.startsWith(prefix, start) && path.startsWith("/", start + prefix.length())) {
      start += prefix.length() + 1;
    } else {
      start = end; // outside the prefix: no segments
    }
    while (end > start && path.charAt(end - 1) == '/') {
      end--;
    }
    int firstSlash = path.indexOf('/', start);
    if (firstSlash < 0 || firstSlash >= end) {
      return new CallPath(path.substring(start, end), "", false);
    }
    int secondSlash = path.indexOf('/', firstSlash + 1);
    boolean two = secondSlash < 0 || secondSlash >= end;
    return new CallPath(
        path.substring(start, firstSlash), path.substring(firstSlash + 1, two ? end : secondSlash), two);
  }
}
