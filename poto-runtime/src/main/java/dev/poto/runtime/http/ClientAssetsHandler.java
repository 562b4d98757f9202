package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Serves the generated TypeScript client at {@code GET {prefix}/_client/<file>}, from the class path
 * folder {@code META-INF/poto/client/} where the annotation processor writes it, so a page can
 * {@code import { BoardModuleClient } from "/poto/_client/board.js"} without a bundler.
 *
 * <p>Only plain file names ({@code board.js}, {@code types.d.ts}) are served: no folders, so no path
 * can climb out of that folder. {@code .js} is {@code text/javascript} (browsers require a JavaScript
 * type for modules), {@code .ts}/{@code .d.ts} are {@code text/plain}. The files change only with a new
 * build, so answers carry an ETag and {@code Cache-Control: no-cache}: the browser revalidates and
 * usually gets a 304. Anything else is a problem+json: 404 {@code unknown_file}, 405 for methods
 * other than GET and HEAD.
 */
public final class ClientAssetsHandler implements Handler {
  /** The path segment below the prefix. */
  public static final String ROUTE = "_client";
  /** Where the processor puts the client; see {@code dev.poto.processor.writer.TypeScriptWriter}. */
  public static final String CLASS_PATH_DIR = "META-INF/poto/client/";

  private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,127}");

  private final String prefix;
  private final ClassLoader loader;
  /** The client folders (URLs ending in {@value #CLASS_PATH_DIR}) of the served modules' compilations. */
  private final List<String> folders;
  /** Files read so far; only names that exist are kept, so the map is bounded by the client's size. */
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();

  private record Asset(byte[] bytes, String contentType, String etag) {}

  /**
   * @param prefix the Poto route prefix (e.g. {@code /poto}, or empty)
   * @param routes the served modules' routes: their {@code <route>.js} tells which class path entry
   *     holds the right client, since every compilation writes its own {@code types.js} and
   *     {@code codecs.js} to the same folder name (a test class path, for instance, holds several)
   * @param loader where the generated client is looked up, usually the application's class loader
   */
  public ClientAssetsHandler(String prefix, List<String> routes, ClassLoader loader) {
    this.prefix = prefix;
    this.loader = loader;
    this.folders = clientFolders(routes, loader);
  }

  private static List<String> clientFolders(List<String> routes, ClassLoader loader) {
    Set<String> folders = new LinkedHashSet<>();
    for (String route : routes) {
      try {
        Enumeration<URL> found = loader.getResources(CLASS_PATH_DIR + route + ".js");
        if (found.hasMoreElements()) {
          String url = found.nextElement().toString();
          folders.add(url.substring(0, url.length() - (route + ".js").length()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(folders);
  }

  @Override
  public void handle(Context ctx) {
    String requestId = ReadOnlyRequests.accept(ctx, "The generated client");
    if (requestId == null) {
      return;
    }
    String name = fileName(ctx);
    Optional<Asset> asset = name == null ? Optional.empty() : find(name);
    if (asset.isEmpty()) {
      ProblemResponder.send(ctx, 404, ProblemCodes.UNKNOWN_FILE,
          "No generated client file '" + Printable.of(name == null ? fullName(ctx) : name)
              + "'; the client is made of <module>.js, types.js, codecs.js and the runtime's poto-*.js (with .ts and .d.ts)",
          requestId);
      return;
    }
    Asset file = asset.get();
    ctx.header("ETag", file.etag());
    ctx.header("Cache-Control", "no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    String ifNoneMatch = ctx.header("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.contains(file.etag()) || ifNoneMatch.strip().equals("*"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200);
    ctx.contentType(file.contentType());
    // No explicit Content-Length: Javalin may compress the answer and sets the length itself.
    if (HandlerType.GET.equals(ctx.method())) {
      ctx.result(file.bytes());
    }
  }

  /** The requested name, or null when it is not a plain file name (folders, dot-dot, odd characters). */
  private String fileName(Context ctx) {
    String name = fullName(ctx);
    if (!FILE_NAME.matcher(name).matches() || name.contains("..")) {
      return null;
    }
    return name;
  }

  private String fullName(Context ctx) {
    String path = ctx.path();
    String marker = prefix + "/" + ROUTE + "/";
    int at = path.indexOf(marker);
    return at < 0 ? "" : path.substring(at + marker.length());
  }

  private Optional<Asset> find(String name) {
    String type = contentType(name);
    if (type == null) {
      return Optional.empty();
    }
    Asset cached = assets.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    byte[] bytes = read(name);
    if (bytes == null) {
      return Optional.empty();
    }
    Asset asset = new Asset(bytes, type, etag(bytes));
    assets.put(name, asset);
    return Optional.of(asset);
  }

  /** The file from the served modules' client folders (first that has it), else from the class path. */
  private byte[] read(String name) {
    try {
      for (String folder : folders) {
        URLConnection connection = URI.create(folder + name).toURL().openConnection();
        connection.setUseCaches(false); // a cached jar file would stay open
        try (InputStream in = connection.getInputStream()) {
          return in.readAllBytes();
        } catch (FileNotFoundException | NoSuchFileException e) {
          // not in this folder
        }
      }
      if (!folders.isEmpty()) {
        return null;
      }
      try (InputStream in = loader.getResourceAsStream(CLASS_PATH_DIR + name)) {
        return in == null ? null : in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Only the kinds of file the generator writes; anything else is unknown. */
  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    if (name.endsWith(".ts")) { // also .d.ts
      return "text/plain; charset=utf-8";
    }
    return null;
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

}
