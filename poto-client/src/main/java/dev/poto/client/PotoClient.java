package dev.poto.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.poto.protocol.PotoJson;
import dev.poto.protocol.json.DirectRecordReader;
import dev.poto.protocol.json.NullElements;
import dev.poto.protocol.json.Utf8Text;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.ResultKind;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.RpcMethod;
import dev.poto.protocol.Upload;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.stream.Stream;

/**
 * Calls Poto modules over HTTP; the generated {@code <Module>Client} classes are thin typed wrappers
 * around {@link #call}, {@link #stream}, {@link #bytes} and {@link #inputStream}.
 *
 * <p><b>One instance is one identity.</b> It holds its own bearer token (set by {@link #loginAsVisitor()}
 * or {@link #login}) and its own in-memory cookie jar; two instances never share either, even when they
 * share an {@link HttpClient} through {@link Builder#httpClient}. An instance is thread-safe: any number
 * of threads may call through it at once.
 *
 * <p><b>Failures</b> are always an {@link RpcException}:
 * <ul>
 *   <li>a problem+json answer keeps the server's status, {@code code}, message and request id;
 *   <li>any other error answer becomes status = the HTTP status, code
 *       {@link dev.poto.protocol.ProblemCodes#UNEXPECTED_RESPONSE}, and the head of the body as the message;
 *   <li>no answer at all (refused connection, reset, connect timeout) is 503 {@code transport_error};
 *   <li>no answer headers before the call's timeout is 504 {@code deadline_exceeded};
 *   <li>an interrupted calling thread is 499 {@code cancelled} (the interrupt flag is kept);
 *   <li>an answer that cannot be decoded is 502 {@link dev.poto.protocol.ProblemCodes#INVALID_RESPONSE};
 *   <li>a stream that stops before its end event is 502 {@code stream_broken}.
 * </ul>
 *
 * <p><b>Timeouts.</b> The builder's request timeout bounds how long a call waits for the answer's
 * headers. A per-call timeout ({@link #withOptions}) does the same and is also sent as
 * {@code Poto-Timeout-Ms}, so the server cancels the work when it passes; the default timeout is not
 * sent, so a long stream is never cut short by a default meant for quick calls.
 *
 * <p><b>Expired visitors.</b> When a call made with a visitor token is answered 401
 * {@code token_expired}, the client logs in as a new visitor once and retries the call once (on by
 * default, see {@link Builder#renewExpiredVisitor}). The new visitor has a new user id.
 *
 * <p><b>Expired named logins.</b> Their password is not kept. When the server gave the login a refresh
 * token, a call answered 401 {@code token_expired} makes the client exchange it once for a new access
 * token and the next refresh token, and retry the call once; concurrent calls share that one refresh.
 * If the refresh fails (the login was revoked or ran out), the call's {@code token_expired} is thrown:
 * log in again. {@link #logout()} revokes the refresh token on the server.
 */
public final class PotoClient implements AutoCloseable {
  /** How many idle connections of its own a client keeps per server by default ({@link Builder#maxIdleConnections}). */
  public static final int DEFAULT_MAX_IDLE_CONNECTIONS = 16;
  /**
   * How long a kept idle connection waits for a call by default ({@link Builder#idleConnectionTimeout}):
   * the JDK HttpClient's keep-alive, and shorter than a server's idle timeout should be, so that the
   * server does not close a connection as the client sends a call on it.
   */
  public static final Duration DEFAULT_IDLE_CONNECTION_TIMEOUT = Duration.ofSeconds(30);

  private final Shared shared;
  private final CallOptions options;
  private final boolean owner;

  private PotoClient(Shared shared, CallOptions options, boolean owner) {
    this.shared = shared;
    this.options = options;
    this.owner = owner;
  }

  /**
   * @param baseUrl the server's scheme, host and port, e.g. {@code http://localhost:8080}; a path in
   *     it is kept and the prefix (default {@code /poto}) goes after it
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /** A client with every default: prefix {@code /poto}, 10 s connect timeout, 30 s request timeout. */
  public static PotoClient create(String baseUrl) {
    return builder(baseUrl).build();
  }

  // ---- identity -----------------------------------------------------------------------------------

  /** Logs in as a new anonymous visitor; later calls carry its token. */
  public LoginResult loginAsVisitor() {
    LoginResult result = authenticate(Protocol.AUTH_VISITOR_PATH, new byte[] {'{', '}'});
    shared.identity.set(result, true);
    return result;
  }

  /**
   * Logs in as a named user; later calls carry the user's token.
   *
   * @throws RpcException 401 {@code invalid_credentials} for an unknown user or a wrong password; the
   *     identity held before is kept
   */
  public LoginResult login(String username, String password) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    byte[] body = shared.encoder.encodeObject(Map.of("username", username, "password", password));
    LoginResult result = authenticate(Protocol.AUTH_LOGIN_PATH, body);
    shared.identity.set(result, false);
    return result;
  }

  /**
   * Forgets the token: later calls are anonymous. Cookies are kept (see {@link #clearCookies()}). A
   * named login with a refresh token is also revoked on the server, so that token cannot be used again.
   *
   * @throws RpcException when the server could not be told (the local login is forgotten anyway)
   */
  public void logout() {
    Identity.Current current = shared.identity.current();
    shared.identity.clear();
    String refreshToken = current == null ? null : current.login().refreshToken();
    if (refreshToken != null) {
      post(Protocol.AUTH_LOGOUT_PATH, shared.encoder.encodeObject(Map.of("refreshToken", refreshToken)), BodyHandlers.discarding());
    }
  }

  /** The current login, or null before any login and after {@link #logout()}. */
  public LoginResult loginResult() {
    Identity.Current current = shared.identity.current();
    return current == null ? null : current.login();
  }

  /** The bearer token sent with calls, or null when anonymous. */
  public String token() {
    LoginResult login = loginResult();
    return login == null ? null : login.token();
  }

  /** The user id of the current login, or null when anonymous. */
  public String userId() {
    LoginResult login = loginResult();
    return login == null ? null : login.userId();
  }

  /** True when the current login is a visitor's. */
  public boolean isVisitor() {
    Identity.Current current = shared.identity.current();
    return current != null && current.visitor();
  }

  /** A snapshot of this identity's cookies. */
  public List<HttpCookie> cookies() {
    return List.copyOf(shared.transport.cookies().all());
  }

  public void clearCookies() {
    shared.transport.cookies().clear();
  }

  // ---- views --------------------------------------------------------------------------------------

  /**
   * A view of this client (same identity, cookies and connections) whose calls use {@code options}.
   * Closing a view does nothing; close the client it came from.
   */
  public PotoClient withOptions(CallOptions options) {
    return new PotoClient(shared, Objects.requireNonNull(options, "options"), false);
  }

  /** Shorthand for {@code withOptions(CallOptions.ofTimeout(timeout))}. */
  public PotoClient withTimeout(Duration timeout) {
    return withOptions(options.withTimeout(Objects.requireNonNull(timeout, "timeout")));
  }

  public CallOptions options() {
    return options;
  }

  /** The URL calls go to, prefix included, e.g. {@code http://localhost:8080/poto}. */
  public URI endpoint() {
    return URI.create(shared.endpoint);
  }

  /** The idle connections of streams and binary results, kept for later calls; null when neither is direct. */
  ConnectionPool idleConnections() {
    return shared.transport.idleConnections();
  }

  /** How this client decodes results and stream items of {@code type}. */
  Decoding decodingOf(Type type) {
    return shared.decodingOf(type);
  }

  // ---- calls --------------------------------------------------------------------------------------

  /**
   * Calls a {@link ResultKind#VALUE} or {@link ResultKind#VOID} method.
   *
   * @return the result decoded as {@link RpcMethod#resultType()}; null for a void method
   */
  public <T> T call(RpcMethod method, Object... args) {
    requireKind(method, "call", ResultKind.VALUE, ResultKind.VOID);
    try {
      return callValue(method, args);
    } catch (RpcException e) {
      throw e.inCall(callName(method));
    }
  }

  @SuppressWarnings("unchecked")
  private <T> T callValue(RpcMethod method, Object... args) {
    if (method.resultKind() == ResultKind.VOID) {
      exchange(method, args, Protocol.JSON, BodyHandlers.discarding());
      return null;
    }
    Reply<byte[]> response = exchange(method, args, Protocol.JSON, BodyHandlers.ofByteArray());
    byte[] body = response.body();
    if (response.status() == 204 || body.length == 0) {
      return null;
    }
    int notUtf8 = Utf8Text.firstInvalid(body, 0, body.length);
    if (notUtf8 >= 0) {
      throw ClientFailures.invalidResponse("the result of " + method.path() + " is not UTF-8 JSON text (byte "
          + notUtf8 + ")", response.requestId(), null);
    }
    try {
      T value = shared.decodingOf(method.resultType()).readValue(body);
      NullElements.check(value, method.resultType()); // Jackson keeps nulls inside a top-level container
      return value;
    } catch (IOException | RuntimeException e) {
      throw ClientFailures.invalidResponse("the result of " + method.path() + " could not be decoded: "
          + e.getMessage(), response.requestId(), e);
    }
  }

  /**
   * Calls a stream method ({@link ResultKind#STREAM}, {@link ResultKind#ITERATOR},
   * {@link ResultKind#PUBLISHER}). The returned stream is lazy: each item is read from the connection
   * when the stream's consumer asks for it, so items arrive as the server produces them.
   *
   * <p><b>Closing.</b> Closing the stream before its end closes the connection, and the server cancels
   * the producer; a stream read to its end leaves the connection for a later call.
   * Unlike a plain {@link Stream}, this one closes itself when a terminal operation returns or throws,
   * so {@code stream(m).limit(3).toList()} or {@code findFirst()} releases the connection at once;
   * Stream-returning operations keep that behaviour. {@code iterator()}, {@code spliterator()} and
   * the primitive streams ({@code mapToInt}...) do not: close those with try-with-resources, which is
   * the safe habit in any case. A stream dropped unclosed is closed when garbage-collected, which is
   * late: do not rely on it.
   *
   * @throws RpcException at call time when the server answers with an error instead of a stream;
   *     later, from the stream's terminal operation, for an error event or a broken connection
   */
  public <T> Stream<T> stream(RpcMethod method, Object... args) {
    requireKind(method, "stream", ResultKind.STREAM, ResultKind.ITERATOR, ResultKind.PUBLISHER);
    Reply<InputStream> response = exchange(method, args, Protocol.EVENT_STREAM, ReadAheadBody.EVENT_STREAM);
    return EventStreamSpliterator.open(response.body(), shared.decodingOf(method.resultType()), method.resultType(),
        shared.mapper,
        shared.problems, response.requestId(), shared.maxFrameBytes, callName(method));
  }

  /** Calls a binary method and reads the whole body into memory. */
  public byte[] bytes(RpcMethod method, Object... args) {
    requireKind(method, "bytes", ResultKind.BYTES, ResultKind.INPUT_STREAM);
    return exchange(method, args, Protocol.OCTET_STREAM, BodyHandlers.ofByteArray()).body();
  }

  /**
   * Calls a binary method and returns the body as it arrives, unbuffered. Closing the stream before
   * its end closes the connection (and so cancels the server side); one read to its end leaves the
   * connection for a later call. Always close it.
   */
  public InputStream inputStream(RpcMethod method, Object... args) {
    requireKind(method, "inputStream", ResultKind.BYTES, ResultKind.INPUT_STREAM);
    return exchange(method, args, Protocol.OCTET_STREAM, ReadAheadBody.BINARY_RESULT).body();
  }

  /**
   * Closes the connections this client opened, aborting calls and streams still in flight. A client
   * built on a shared {@link HttpClient} leaves that client open. Does nothing on a
   * {@link #withOptions view}.
   */
  @Override
  public void close() {
    if (owner) {
      shared.transport.close();
    }
  }

  // ---- internals ----------------------------------------------------------------------------------

  /** Sends the call; a failed answer throws, after one visitor renewal and retry when that applies. */
  private <B> Reply<B> exchange(RpcMethod method, Object[] args, String accept, BodyHandler<B> onSuccess) {
    try {
      return exchangeOnce(method, args, accept, onSuccess);
    } catch (RpcException e) {
      throw e.inCall(callName(method));
    }
  }

  private <B> Reply<B> exchangeOnce(RpcMethod method, Object[] args, String accept, BodyHandler<B> onSuccess) {
    int uploadAt = Uploads.position(method);
    URI uri = URI.create(shared.endpoint + "/" + method.path());
    Identity.Current caller = shared.identity.current();
    if (uploadAt >= 0) {
      return exchangeUpload(method, args, uploadAt, uri, accept, caller, onSuccess);
    }
    byte[] body = shared.encoder.encode(method, args);
    HttpResponse<ErrorAwareBodyHandler.Answer<B>> response = send(method, uri, body, accept, caller, onSuccess);
    if (response.body().failed()) {
      RpcException failure = failure(response);
      if (!renewed(failure, caller)) {
        throw shared.declaredErrors.decode(method, failure, response.body().errorBody());
      }
      response = send(method, uri, body, accept, shared.identity.current(), onSuccess);
      if (response.body().failed()) {
        throw shared.declaredErrors.decode(method, failure(response), response.body().errorBody());
      }
    }
    return new Reply<>(response.statusCode(), requestId(response), response.body().body());
  }

  /**
   * An upload call (docs/PROTOCOL.md §1a): the upload is the body, streamed from its source, and the
   * other arguments travel in {@code Poto-Args}. A renewed login sends it again from a new source (a
   * stream given as such cannot be read twice: that call fails).
   */
  private <B> Reply<B> exchangeUpload(RpcMethod method, Object[] args, int uploadAt, URI uri, String accept,
      Identity.Current caller, BodyHandler<B> onSuccess) {
    Upload upload = Uploads.required(method, args, uploadAt);
    String arguments = new String(shared.encoder.encode(method, args, true), java.nio.charset.StandardCharsets.US_ASCII);
    HttpResponse<ErrorAwareBodyHandler.Answer<B>> response = sendUpload(method, uri, upload, arguments, accept, caller, onSuccess);
    if (response.body().failed()) {
      RpcException failure = failure(response);
      if (!renewed(failure, caller)) {
        throw failure;
      }
      response = sendUpload(method, uri, upload, arguments, accept, shared.identity.current(), onSuccess);
      if (response.body().failed()) {
        throw failure(response);
      }
    }
    return new Reply<>(response.statusCode(), requestId(response), response.body().body());
  }

  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> sendUpload(RpcMethod method, URI uri, Upload upload, String arguments,
      String accept, Identity.Current caller, BodyHandler<B> onSuccess) {
    List<String> extra = new ArrayList<>(4);
    extra.add(Protocol.ARGS_HEADER);
    extra.add(arguments);
    upload.fileName().ifPresent(name -> {
      extra.add(Protocol.UPLOAD_NAME_HEADER);
      extra.add(Uploads.encodeName(name));
    });
    return send(method, uri, Uploads.publisher(upload), null, upload.contentType(), accept, caller, onSuccess,
        extra.toArray(String[]::new));
  }

  /** A successful answer: its status, the server's request id and the body as the call reads it. */
  private record Reply<B>(int status, String requestId, B body) {}

  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> send(RpcMethod method, URI uri, byte[] body,
      String accept, Identity.Current caller, BodyHandler<B> onSuccess) {
    return send(method, uri, null, body, Protocol.JSON, accept, caller, onSuccess);
  }

  /** Sends {@code body}, or {@code bytes} as JSON when {@code body} is null. */
  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> send(RpcMethod method, URI uri,
      java.net.http.HttpRequest.BodyPublisher body, byte[] bytes, String contentType, String accept,
      Identity.Current caller, BodyHandler<B> onSuccess, String... extra) {
    // The client's extra headers, then the call's own (which win), then the protocol's.
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 0; i + 1 < extra.length; i += 2) {
      headers.put(extra[i], extra[i + 1]);
    }
    if (shared.callHeaders != null) {
      shared.callHeaders.addTo((name, value) -> {
        CallHeaders.checkName(name);
        headers.put(name, Objects.requireNonNull(value, "value of header " + name));
      });
    }
    headers.putAll(options.headers());
    if (caller != null) {
      headers.put(Protocol.AUTHORIZATION, Protocol.BEARER + caller.login().token());
    }
    if (options.timeout() != null) {
      headers.put(Protocol.TIMEOUT_HEADER, Long.toString(options.timeoutMillis()));
    }
    if (options.requestId() != null) {
      headers.put(Protocol.REQUEST_ID_HEADER, options.requestId());
    }
    Duration timeout = options.timeout() != null ? options.timeout() : shared.requestTimeout;
    return body == null
        ? shared.transport.post(callName(method), uri, bytes, accept, timeout, onSuccess, headers)
        : shared.transport.post(callName(method), uri, body, contentType, accept, timeout, onSuccess, headers);
  }

  /** Whether the caller's expired login was replaced (a new visitor, or a refreshed named login). */
  private boolean renewed(RpcException failure, Identity.Current caller) {
    if (caller == null || failure.status() != 401 || !ProblemCodes.TOKEN_EXPIRED.equals(failure.code())) {
      return false;
    }
    if (caller.visitor()) {
      return shared.renewExpiredVisitor && shared.identity.renewVisitor(caller, this::loginAsVisitor);
    }
    String refreshToken = caller.login().refreshToken();
    if (refreshToken == null) {
      return false;
    }
    try {
      return shared.identity.refreshLogin(caller, () -> {
        byte[] body = shared.encoder.encodeObject(Map.of("refreshToken", refreshToken));
        LoginResult result = authenticate(Protocol.AUTH_REFRESH_PATH, body);
        shared.identity.set(result, false);
        return result;
      });
    } catch (RpcException refreshFailed) {
      return false; // revoked, reused or expired: the caller sees token_expired and logs in again
    }
  }

  /** The auth endpoints are called without a token: a stale one must not get in the way of a new login. */
  private LoginResult authenticate(String path, byte[] body) {
    URI uri = URI.create(shared.endpoint + path);
    HttpResponse<ErrorAwareBodyHandler.Answer<byte[]>> response = post(path, body, BodyHandlers.ofByteArray());
    try {
      LoginResult result = shared.loginReader.readValue(response.body().body());
      if (result == null) {
        throw new IOException("empty answer");
      }
      return result;
    } catch (IOException | RuntimeException e) {
      throw ClientFailures.invalidResponse("the login answer of " + uri + " could not be read: " + e.getMessage(),
          requestId(response), e).inCall(path.substring(1));
    }
  }

  /** POSTs to an auth endpoint, without a token; an error answer throws. */
  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(String path, byte[] body, BodyHandler<B> onSuccess) {
    URI uri = URI.create(shared.endpoint + path);
    try {
      HttpResponse<ErrorAwareBodyHandler.Answer<B>> response =
          shared.transport.post(path.substring(1), uri, body, Protocol.JSON, requestTimeout(), onSuccess, Map.of());
      if (response.body().failed()) {
        throw failure(response);
      }
      return response;
    } catch (RpcException e) {
      throw e.inCall(path.substring(1));
    }
  }

  /** How failures name a call: {@code module.method}. */
  private static String callName(RpcMethod method) {
    return method.module() + "." + method.name();
  }

  private Duration requestTimeout() {
    return options.timeout() != null ? options.timeout() : shared.requestTimeout;
  }

  private RpcException failure(HttpResponse<? extends ErrorAwareBodyHandler.Answer<?>> response) {
    return shared.problems.fromHttp(response.statusCode(), response.headers(), response.body().errorBody());
  }

  private static String requestId(HttpResponse<?> response) {
    return response.headers().firstValue(Protocol.REQUEST_ID_HEADER).orElse(null);
  }

  private static void requireKind(RpcMethod method, String call, ResultKind... kinds) {
    for (ResultKind kind : kinds) {
      if (method.resultKind() == kind) {
        return;
      }
    }
    throw new IllegalArgumentException(method.path() + " returns " + method.resultKind()
        + ", which " + call + "(...) cannot read");
  }

  /** What a client and its views share: one identity, one cookie jar, one set of connections. */
  private static final class Shared {
    final String endpoint;
    final Transport transport;
    final ObjectMapper mapper;
    final ArgumentEncoder encoder;
    final ProblemDecoder problems;
    final DeclaredErrorDecoder declaredErrors;
    final ObjectReader loginReader;
    final Identity identity = new Identity();
    final Duration requestTimeout;
    final boolean renewExpiredVisitor;
    /** Whether plain records are read by a {@link DirectRecordReader} (see {@link Builder#directRecords}). */
    private final boolean directRecords;
    final long maxFrameBytes;
    final CallHeaders callHeaders;
    /** Resolved once per declared type with this client's mapper (its modules and type modifiers). */
    private final ConcurrentHashMap<Type, Decoding> decodings = new ConcurrentHashMap<>();

    Shared(String endpoint, Transport transport, ObjectMapper mapper, Duration requestTimeout,
        boolean renewExpiredVisitor, long maxFrameBytes, CallHeaders callHeaders, boolean directRecords) {
      this.directRecords = directRecords;
      this.maxFrameBytes = maxFrameBytes;
      this.endpoint = endpoint;
      this.transport = transport;
      this.mapper = mapper;
      this.encoder = new ArgumentEncoder(mapper);
      this.problems = new ProblemDecoder(mapper);
      this.declaredErrors = new DeclaredErrorDecoder(mapper);
      this.loginReader = mapper.readerFor(LoginResult.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
      this.requestTimeout = requestTimeout;
      this.renewExpiredVisitor = renewExpiredVisitor;
      this.callHeaders = callHeaders;
    }

    /** How results and items of {@code type} are decoded. */
    Decoding decodingOf(Type type) {
      return decodings.computeIfAbsent(type, declared -> {
        ObjectReader reader = mapper.readerFor(mapper.constructType(declared));
        return new Decoding(reader, directRecords ? DirectRecordReader.forType(mapper, reader) : null);
      });
    }
  }

  /**
   * The mapper's reader for one declared type and, when it is a plain record, the direct reader that
   * takes its regular values without databind's per-object work (and hands every other value back).
   */
  record Decoding(ObjectReader reader, DirectRecordReader direct) {
    <T> T readValue(byte[] json) throws IOException {
      return direct != null ? direct.readValue(json, 0, json.length) : reader.readValue(json);
    }
  }

  /** Configures a {@link PotoClient}. */
  public static final class Builder {
    private final String baseUrl;
    private String prefix = Protocol.DEFAULT_PREFIX;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private final List<CallInterceptor> interceptors = new ArrayList<>();
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Executor executor;
    private HttpClient httpClient;
    private ObjectMapper mapper;
    private boolean renewExpiredVisitor = true;
    private boolean directRecords = true;
    private boolean directBinary = true;
    private boolean directStreams = true;
    private long maxFrameBytes = Protocol.DEFAULT_MAX_FRAME_BYTES;
    private CallHeaders callHeaders;
    private int maxIdleConnections = DEFAULT_MAX_IDLE_CONNECTIONS;
    private Duration idleConnectionTimeout = DEFAULT_IDLE_CONNECTION_TIMEOUT;

    private Builder(String baseUrl) {
      this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /** The path the server mounts Poto under; default {@code /poto}, {@code ""} or {@code "/"} for the root. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = positive(connectTimeout, "connectTimeout");
      return this;
    }

    /** How long a call waits for its answer's headers unless it has its own timeout; null for no limit. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout == null ? null : positive(requestTimeout, "requestTimeout");
      return this;
    }

    /** The executor for the client's HTTP work, e.g. one shared by many clients. */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sends through this {@link HttpClient} instead of one of the client's own, so many identities can
     * share a connection pool. Cookies stay per {@link PotoClient} (the HttpClient must have no cookie
     * handler); {@link PotoClient#close()} leaves it open. Excludes {@link #connectTimeout} and
     * {@link #executor}, which are the HttpClient's own settings.
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
      return this;
    }

    /** The mapper for arguments and results; default {@link PotoJson#newMapper()}. */
    public Builder mapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    /** Whether an expired visitor token is replaced by a new visitor login and the call retried once. */
    public Builder renewExpiredVisitor(boolean renew) {
      this.renewExpiredVisitor = renew;
      return this;
    }

    /**
     * Whether results and stream items of a plain record type are read straight from the parser
     * ({@link DirectRecordReader}; default true). Either way the values and the failures are the
     * mapper's; false leaves every value to the mapper alone, which takes longer per record (the
     * benchmark compares both).
     */
    public Builder directRecords(boolean direct) {
      this.directRecords = direct;
      return this;
    }

    /**
     * Whether binary results read as an {@code InputStream} travel over an HTTP/1.1 connection of the
     * client's own, opened with the HttpClient's TLS and timeout settings and kept for later calls
     * ({@link #maxIdleConnections}) (default true), instead of through the HttpClient, which delivers a large body at a fraction of the
     * speed. Calls the HttpClient would send through a proxy, with an authenticator or following
     * redirects go through it either way.
     */
    public Builder directBinary(boolean direct) {
      this.directBinary = direct;
      return this;
    }

    /**
     * Whether event streams travel over an HTTP/1.1 connection of the client's own, one per open
     * stream, as binary results do (default true): the thread consuming the stream reads the socket itself, where
     * through the HttpClient its selector thread reads it and hands each buffer over, which costs about
     * as much CPU per small item as decoding it. Closing, interrupts, the timeout, headers and errors
     * behave the same on both paths. The same calls as for {@link #directBinary} go through the
     * HttpClient either way, and so do streams over https when a shared HttpClient asks for HTTP/2,
     * which carries all the client's streams over one connection. A switch of its own, so that either
     * kind of result can go back to the HttpClient alone.
     */
    public Builder directStreams(boolean direct) {
      this.directStreams = direct;
      return this;
    }

    /**
     * How many idle connections of its own ({@link #directStreams}, {@link #directBinary}) the client
     * keeps per server for later streams and binary results, default
     * {@value PotoClient#DEFAULT_MAX_IDLE_CONNECTIONS}: a call then takes a kept connection instead of opening a
     * new one (and, over https, a new TLS handshake). A connection is kept only after an answer read to
     * its exact end; a stream or {@code InputStream} closed before its end closes its connection. 0
     * keeps none: every such call opens a connection and closes it at the end. The HttpClient keeps its
     * own connections for the other calls.
     */
    public Builder maxIdleConnections(int maxIdleConnections) {
      if (maxIdleConnections < 0) {
        throw new IllegalArgumentException("maxIdleConnections must not be negative, was " + maxIdleConnections);
      }
      this.maxIdleConnections = maxIdleConnections;
      return this;
    }

    /**
     * How long a kept idle connection ({@link #maxIdleConnections}) waits for its next call before the
     * client closes it; default {@link PotoClient#DEFAULT_IDLE_CONNECTION_TIMEOUT} (30 s).
     */
    public Builder idleConnectionTimeout(Duration idleConnectionTimeout) {
      this.idleConnectionTimeout = positive(idleConnectionTimeout, "idleConnectionTimeout");
      return this;
    }

    /**
     * The largest event-stream frame a stream may deliver (an item's JSON plus its framing), default
     * {@link Protocol#DEFAULT_MAX_FRAME_BYTES} (16 MiB). A larger frame fails the stream with 502
     * {@code frame_too_large} instead of growing the client's memory without limit.
     */
    public Builder maxFrameBytes(long maxFrameBytes) {
      if (maxFrameBytes < 1) {
        throw new IllegalArgumentException("maxFrameBytes must be positive, was " + maxFrameBytes);
      }
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /**
     * Adds headers to every call, computed on the calling thread just before it is sent: e.g.
     * {@link dev.poto.client.tracing.TraceContextHeaders} sends the current trace's {@code traceparent}.
     * The protocol's own headers cannot be replaced.
     */
    public Builder headers(CallHeaders headers) {
      this.callHeaders = Objects.requireNonNull(headers, "headers");
      return this;
    }

    /**
     * Adds an interceptor around every request (calls, logins, their retries): e.g.
     * {@link CallInterceptor#bearerToken} for an external identity provider's token, or one that records
     * each answer's status. The first added is outermost.
     */
    public Builder interceptor(CallInterceptor interceptor) {
      interceptors.add(Objects.requireNonNull(interceptor, "interceptor"));
      return this;
    }

    public PotoClient build() {
      String endpoint = endpoint(baseUrl, prefix);
      Transport transport;
      if (httpClient != null) {
        if (executor != null) {
          throw new IllegalStateException("executor(...) configures the client's own HttpClient; "
              + "set it on the shared HttpClient instead");
        }
        if (httpClient.cookieHandler().isPresent()) {
          throw new IllegalStateException("the shared HttpClient has a cookie handler, which would mix the "
              + "cookies of every identity; PotoClient keeps cookies per instance itself");
        }
        transport = new Transport(httpClient, false, interceptors, directBinary, directStreams, idleConnections());
      } else {
        HttpClient.Builder http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(connectTimeout);
        if (executor != null) {
          http.executor(executor);
        }
        transport = new Transport(http.build(), true, interceptors, directBinary, directStreams, idleConnections());
      }
      ObjectMapper json = mapper != null ? mapper : PotoJson.newMapper();
      return new PotoClient(new Shared(endpoint, transport, json, requestTimeout, renewExpiredVisitor, maxFrameBytes,
          callHeaders, directRecords),
          CallOptions.DEFAULTS, true);
    }

    private ConnectionPool idleConnections() {
      return new ConnectionPool(maxIdleConnections, idleConnectionTimeout);
    }

    private static String endpoint(String baseUrl, String prefix) {
      URI base = URI.create(baseUrl);
      if (base.getScheme() == null || base.getHost() == null
          || !("http".equalsIgnoreCase(base.getScheme()) || "https".equalsIgnoreCase(base.getScheme()))) {
        throw new IllegalArgumentException("baseUrl must be an http(s) URL with a host, was " + baseUrl);
      }
      if (base.getQuery() != null || base.getFragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment, was " + baseUrl);
      }
      String path = trimSlashes(prefix);
      return trimSlashes(baseUrl) + (path.isEmpty() ? "" : "/" + path);
    }

    private static String trimSlashes(String s) {
      int start = 0;
      int end = s.length();
      while (end > start && s.charAt(end - 1) == '/') {
        end--;
      }
      while (start < end && s.charAt(start) == '/') {
        start++;
      }
      return s.substring(0, end).substring(start);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
