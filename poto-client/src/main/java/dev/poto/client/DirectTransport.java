package dev.poto.client;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Binary results and event streams read over an HTTP/1.1 connection of the client's own instead of the
 * JDK's {@link HttpClient}, whose reader hands a body over in 16 KiB buffers, one demand at a time,
 * through its selector thread: about 0.3-0.45 GB/s on loopback, against more than 1 GB/s for a plain
 * socket read into the caller's array (docs/BENCHMARKS.md, "Binary results"), and for a stream of small
 * items a selector and a worker thread's hand-off that cost about as much CPU per item as decoding it
 * ("Streams"). Here the thread that consumes the body reads the socket itself.
 *
 * <p>One call at a time per connection, opened with the {@link HttpClient}'s own settings (TLS context
 * and parameters, connect timeout), carrying the very {@link HttpRequest} that client would send (so
 * the same headers, token, cookies and deadline). The request does not say {@code Connection: close}: a
 * server told that the connection ends with the answer may end a body of unknown length by closing it,
 * and a body cut short could then not be told from a whole one; on a persistent connection the server
 * frames it. The call's timeout bounds the connect, the sending and the wait for the answer's head, as
 * in the JDK client; the body is then read as the caller reads it ({@link Http1Body}). A blocked read is
 * a {@link SocketChannel}'s, so interrupting the reading thread, or closing the body from another
 * thread, closes the connection and wakes the read.
 *
 * <p><b>Reuse.</b> A connection goes back to the client's {@link ConnectionPool} only after a 2xx answer
 * that keeps it open (HTTP/1.1, no {@code Connection: close}) was read to the exact end of its framing
 * with nothing after it; an error answer, a failure, or a body the caller closed before its end closes
 * it. A kept connection is probed before it carries a call: one the server closed meanwhile is dropped
 * unused. The calls are POSTs, which must not run twice, so one is sent again (once, on a new
 * connection) only when it provably never left: over plain TCP, the write on a kept connection failed
 * before the system took one byte of it. A kept connection that ends without an answer after the
 * request went out fails the call ({@code transport_error}): the server may have received it.
 *
 * <p>It does not apply, and the call goes through the {@link HttpClient}, when that client would do
 * something this one does not: a proxy for the address, an authenticator, following redirects; and
 * for streams, HTTP/2 ({@link #multiplexes}). A TLS
 * handshake that fails (for example a server that offers only HTTP/2) also hands the call, and every
 * later one, to the {@link HttpClient}: nothing was sent yet, and that client either negotiates what
 * the server speaks or reports the failure.
 */
final class DirectTransport {
  /** The longest status or header line, and the most header lines, accepted in an answer's head. */
  static final int MAX_HEAD_LINE = 16 * 1024;
  static final int MAX_HEAD_LINES = 200;

  private final HttpClient http;
  /** The connections of calls and bodies in flight, so that closing the client ends them. */
  private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();
  private final ConnectionPool pool;
  private volatile boolean handshakeRefused;

  DirectTransport(HttpClient http, ConnectionPool pool) {
    this.http = http;
    this.pool = pool;
  }

  /** Whether a call to {@code uri} can be made here rather than through the {@link HttpClient}. */
  boolean applies(URI uri) {
    if (handshakeRefused || http.authenticator().isPresent() || http.followRedirects() != HttpClient.Redirect.NEVER) {
      return false;
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return false;
    }
    ProxySelector proxies = http.proxy().orElseGet(ProxySelector::getDefault);
    if (proxies != null) {
      for (Proxy proxy : proxies.select(uri)) {
        if (proxy.type() != Proxy.Type.DIRECT) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Whether the {@link HttpClient} would carry calls to {@code uri} over HTTP/2 (asked for, over TLS),
   * where one connection serves all the client's streams at once: streams stay with it there, instead of
   * a connection each here.
   */
  boolean multiplexes(URI uri) {
    return http.version() == HttpClient.Version.HTTP_2 && uri.getScheme().equalsIgnoreCase("https");
  }

  /**
   * Sends {@code request} with {@code body} and reads the answer's head. A 2xx answer's body is the
   * returned stream, still on the connection; any other answer's body is read whole, as the
   * {@link HttpClient} path reads error bodies.
   *
   * @return null when the TLS handshake failed and the call must go through the {@link HttpClient}
   * @throws HttpConnectTimeoutException when connecting took longer than the connect timeout
   * @throws HttpTimeoutException when no head arrived before the request's timeout
   * @throws InterruptedException when the calling thread was interrupted (the connection is closed)
   */
  SocketResponse<ErrorAwareBodyHandler.Answer<InputStream>> send(HttpRequest request, byte[] body)
      throws IOException, InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("interrupted before the call was sent");
    }
    URI uri = request.uri();
    boolean tls = uri.getScheme().equalsIgnoreCase("https");
    int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 443 : 80;
    long deadline = request.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
    String origin = (tls ? "https://" : "http://") + uri.getHost() + ":" + port;
    byte[] head = head(request, uri, port, tls, body.length);
    Http1Connection connection = pool.take(origin);
    try {
      if (connection != null) {
        try {
          return exchange(connection, request, head, body, deadline);
        } catch (Http1Connection.NothingSentException e) {
          connection.close(); // the server closed the kept connection, and got nothing: a new one carries the call
        }
      }
      connection = open(origin, uri.getHost(), port, tls, deadline);
      return connection == null ? null : exchange(connection, request, head, body, deadline);
    } catch (SocketTimeoutException e) {
      close(connection);
      HttpTimeoutException timeout = new HttpTimeoutException("no answer before the timeout");
      timeout.initCause(e);
      throw timeout;
    } catch (ClosedByInterruptException | InterruptedIOException e) {
      close(connection);
      InterruptedException interrupted = new InterruptedException("interrupted while waiting for the answer");
      interrupted.initCause(e);
      throw interrupted;
    } catch (IOException | RuntimeException e) {
      close(connection);
      throw e;
    }
  }

  private static void close(Http1Connection connection) {
    if (connection != null) {
      connection.close();
    }
  }

  /** A new connection, TLS handshake done; null when the handshake failed and the call goes to the HttpClient. */
  private Http1Connection open(String origin, String host, int port, boolean tls, long deadline) throws IOException {
    Http1Connection connection = new Http1Connection(origin, SocketChannel.open(), pool, open::remove);
    open.add(connection);
    try {
      connect(connection.socket(), new InetSocketAddress(host, port), deadline);
      connection.socket().setTcpNoDelay(true);
      SSLSocket secure = null;
      if (tls) {
        secure = handshake(connection.socket(), host, port, deadline);
        if (secure == null) {
          connection.close();
          return null;
        }
      }
      connection.ready(secure);
      return connection;
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Sends the request on {@code connection} and reads the answer's head. A 2xx answer's body is the
   * returned stream, still on the connection; any other answer's body is read whole, as the
   * {@link HttpClient} path reads error bodies, and its connection closed.
   */
  private SocketResponse<ErrorAwareBodyHandler.Answer<InputStream>> exchange(Http1Connection connection,
      HttpRequest request, byte[] head, byte[] body, long deadline) throws IOException {
    connection.readTimeout(remainingMillis(deadline));
    connection.send(head, body);
    Http1Input input = connection.input();
    Head answer;
    try {
      answer = readHead(input, deadline, connection);
    } catch (EOFException e) {
      if (!connection.reused()) {
        throw e;
      }
      EOFException closed = new EOFException("the server closed a kept-alive connection without answering; the call"
          + " was not sent again, since the server may have received it");
      closed.initCause(e);
      throw closed;
    }
    connection.readTimeout(0); // the body is read at the caller's pace, as through the HttpClient
    boolean success = answer.status >= 200 && answer.status < 300;
    connection.persistent(success && answer.persistent);
    Http1Body stream = answer.body(input, connection);
    ErrorAwareBodyHandler.Answer<InputStream> result;
    if (success) {
      result = new ErrorAwareBodyHandler.Answer<>(stream, null);
    } else {
      ByteArrayOutputStream error = new ByteArrayOutputStream();
      try (stream) {
        stream.transferTo(error);
      }
      result = new ErrorAwareBodyHandler.Answer<>(null, error.toByteArray());
    }
    return new SocketResponse<>(request, answer.status, answer.headers, result, connection.session());
  }

  private void connect(Socket socket, InetSocketAddress address, long deadline) throws IOException {
    int connectLimit = http.connectTimeout().map(t -> (int) Math.clamp(t.toMillis(), 1, Integer.MAX_VALUE)).orElse(0);
    int callLimit = remainingMillis(deadline);
    int millis = connectLimit == 0 ? callLimit : callLimit == 0 ? connectLimit : Math.min(connectLimit, callLimit);
    try {
      socket.connect(address, millis);
    } catch (SocketTimeoutException e) {
      if (millis != connectLimit) {
        throw e; // the call's own deadline came first
      }
      HttpConnectTimeoutException timeout = new HttpConnectTimeoutException("connecting to " + address + " timed out");
      timeout.initCause(e);
      throw timeout;
    }
  }

  /** The TLS handshake with the client's context and parameters, offering HTTP/1.1; null when it failed. */
  private SSLSocket handshake(Socket socket, String host, int port, long deadline) throws IOException {
    SSLContext context = http.sslContext();
    SSLSocket secure = (SSLSocket) context.getSocketFactory().createSocket(socket, host, port, true);
    SSLParameters parameters = http.sslParameters();
    parameters.setEndpointIdentificationAlgorithm("HTTPS");
    parameters.setApplicationProtocols(new String[] {"http/1.1"});
    secure.setSSLParameters(parameters);
    secure.setSoTimeout(remainingMillis(deadline));
    try {
      secure.startHandshake();
      return secure;
    } catch (SSLHandshakeException e) {
      handshakeRefused = true;
      secure.close();
      return null;
    }
  }

  /** The request's head: its method line, the host, the body's length and every header of the request. */
  private static byte[] head(HttpRequest request, URI uri, int port, boolean tls, int length) {
    StringBuilder head = new StringBuilder(512);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    head.append(request.method()).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      head.append('?').append(uri.getRawQuery());
    }
    head.append(" HTTP/1.1\r\nHost: ").append(uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost());
    if (port != (tls ? 443 : 80)) {
      head.append(':').append(port);
    }
    head.append("\r\nContent-Length: ").append(length).append("\r\n");
    request.headers().map().forEach((name, values) -> {
      for (String value : values) {
        head.append(name).append(": ").append(value).append("\r\n");
      }
    });
    head.append("\r\n");
    return head.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * @param persistent whether the connection stays open after this answer (RFC 9112 §9.3): an HTTP/1.1
   *     answer without {@code Connection: close}
   */
  private record Head(int status, HttpHeaders headers, boolean persistent) {
    /** The body as RFC 9112 §6.3 frames it. */
    Http1Body body(Http1Input input, Http1Connection connection) throws ProtocolException {
      if (status == 204 || status == 304) {
        return Http1Body.ofLength(input, connection, 0);
      }
      List<String> codings = headers.allValues("Transfer-Encoding");
      if (!codings.isEmpty()) {
        String last = codings.getLast();
        String lastCoding = last.substring(last.lastIndexOf(',') + 1).strip();
        return lastCoding.equalsIgnoreCase("chunked")
            ? Http1Body.chunked(input, connection)
            : Http1Body.ofLength(input, connection, Http1Body.UNTIL_CLOSE);
      }
      List<String> lengths = headers.allValues("Content-Length");
      if (lengths.isEmpty()) {
        return Http1Body.ofLength(input, connection, Http1Body.UNTIL_CLOSE);
      }
      long length = -1;
      for (String value : lengths) {
        for (String part : value.split(",", -1)) {
          long one = parseLength(part.strip());
          if (length >= 0 && one != length) {
            throw new ProtocolException("the answer has conflicting Content-Length values: " + lengths);
          }
          length = one;
        }
      }
      return Http1Body.ofLength(input, connection, length);
    }

    private static long parseLength(String value) throws ProtocolException {
      if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new ProtocolException("not a Content-Length: '" + value + "'");
      }
      return Long.parseLong(value);
    }
  }

  /** The status line and headers; informational (1xx) heads are skipped. */
  private static Head readHead(Http1Input input, long deadline, Http1Connection connection) throws IOException {
    while (true) {
      String statusLine;
      try {
        statusLine = input.readLine(MAX_HEAD_LINE, "answer's status line");
      } catch (EOFException e) {
        throw new EOFException("the connection closed without an answer");
      }
      if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
          || !isDigits(statusLine, 9, 12) || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
        throw new ProtocolException("not an HTTP/1.1 status line: '" + printable(statusLine) + "'");
      }
      int status = Integer.parseInt(statusLine, 9, 12, 10);
      Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      for (int lines = 0; ; lines++) {
        if (lines == MAX_HEAD_LINES) {
          throw new ProtocolException("the answer has more than " + MAX_HEAD_LINES + " header lines");
        }
        connection.readTimeout(remainingMillis(deadline));
        String line = input.readLine(MAX_HEAD_LINE, "answer's head");
        if (line.isEmpty()) {
          break;
        }
        int colon = line.indexOf(':');
        if (colon <= 0 || line.charAt(colon - 1) == ' ' || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
          throw new ProtocolException("not a header line: '" + printable(line) + "'");
        }
        headers.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
      }
      if (status >= 200 || status < 100) {
        boolean persistent = statusLine.startsWith("HTTP/1.1") && !says(headers.get("Connection"), "close");
        return new Head(status, HttpHeaders.of(headers, (name, value) -> true), persistent);
      }
    }
  }

  /** Whether a list header's values name {@code token}, case-insensitively. */
  private static boolean says(List<String> values, String token) {
    if (values != null) {
      for (String value : values) {
        for (String part : value.split(",")) {
          if (part.strip().equalsIgnoreCase(token)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean isDigits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String printable(String line) {
    String head = line.length() > 80 ? line.substring(0, 80) + "..." : line;
    return head.replaceAll("[^\\x20-\\x7e]", "?");
  }

  /** Milliseconds left before {@code deadline} for a socket timeout: 0 (none) without one, at least 1. */
  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    if (deadline == Long.MAX_VALUE) {
      return 0;
    }
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("the timeout passed");
    }
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000));
  }

  /** Ends every call and body in flight and closes the idle connections: the client is closing. */
  void closeAll() {
    pool.close();
    open.forEach(Http1Connection::close);
  }

  /** The idle connections kept for later calls. */
  ConnectionPool pool() {
    return pool;
  }
}
