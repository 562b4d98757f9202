package dev.poto.runtime.http;

import dev.poto.protocol.DeclaredError;
import dev.poto.protocol.DomainException;
import dev.poto.runtime.guard.Deadlines;
import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.protocol.json.JsonLimits;
import dev.poto.runtime.context.CallScope;
import dev.poto.runtime.config.PotoRuntime;
import dev.poto.runtime.auth.AccessControl;
import dev.poto.runtime.auth.AuthEndpoints;
import dev.poto.runtime.auth.IssuedToken;
import dev.poto.runtime.auth.RetryLaterException;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.context.RequestHeaders;
import dev.poto.runtime.dispatch.RegisteredMethod;
import dev.poto.runtime.session.SessionProvider;
import dev.poto.runtime.upload.UploadBody;
import dev.poto.runtime.upload.UploadRequest;
import dev.poto.runtime.dispatch.RegisteredModule;
import dev.poto.runtime.observability.CallObserver;
import dev.poto.runtime.observability.CallRecord;
import dev.poto.runtime.guard.CancelReasons;
import dev.poto.runtime.guard.DeadlineScheduler;
import dev.poto.runtime.guard.DisconnectWatcher;
import dev.poto.runtime.guard.WorkerInterrupter;
import dev.poto.runtime.context.Cancellation;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request under the prefix that {@link dev.poto.runtime.routing.PrefixRouter} hands it (all but the generated
 * client's files), whatever its HTTP method or path, so each answer is either a result or a
 * problem+json: calls, and the {@code _auth} endpoints. Checks run in the protocol's order: method (405), route (404), access
 * (401/403), deadline header (400), content type (415), size (413), then the body's arguments (400); then the call runs
 * with its {@link RequestContext} bound around both the invocation and the writing of its result.
 *
 * <p><b>Cancellation.</b> Every call, unary or streaming, is cancelled through its context's
 * {@link Cancellation}, by one of: the {@link DisconnectWatcher} (the caller closed the connection),
 * the {@link DeadlineScheduler} ({@code Poto-Timeout-Ms} passed), or a failed write. The
 * {@link WorkerInterrupter} then interrupts the call's virtual thread until the call ends. A cancelled
 * call never becomes a 500: a departed caller gets nothing (the connection is dropped), a passed
 * deadline gets 504 {@code deadline_exceeded} if the answer has not started.
 */
public final class RpcHandler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);

  private final PotoRuntime runtime;
  private final AccessControl access;
  private final AuthEndpoints auth;
  private final ArgumentDecoder decoder;
  private final ResultWriters writers;
  private final StreamConnectionEndpoint streamConnections;
  private final SharedStreamWriter sharedStreams;
  private final DeadlineScheduler deadlines;
  private final SessionProvider sessions;

  public RpcHandler(PotoRuntime runtime, ResultWriters writers) {
    this.runtime = runtime;
    this.deadlines = runtime.deadlines();
    this.sessions = runtime.callSessionProvider();
    this.access = new AccessControl(runtime.bearerTokens());
    this.auth = new AuthEndpoints(runtime.tokens(), runtime.userProvider().orElse(null), runtime.loginLimits(),
        runtime.attemptStore(), runtime.refreshTokens().orElse(null));
    this.decoder = new ArgumentDecoder(runtime.mapper());
    this.writers = writers;
    this.streamConnections = new StreamConnectionEndpoint(runtime, access);
    this.sharedStreams = new SharedStreamWriter(deadlines);
  }

  /** One kind of request answered inside the common envelope of {@link #serve}. */
  @FunctionalInterface
  private interface Endpoint {
    /** Returns a direct stream still to be written after the handler, or null. */
    DetachedStream answer(Context ctx, CallPath path, String requestId) throws Exception;
  }

  /** A module call, whose path below the prefix {@link dev.poto.runtime.routing.PrefixRouter} has already cut up. */
  public void handle(Context ctx, CallPath path) {
    serve(ctx, path, this::route);
  }

  /** {@code _auth/...}: visitor and named-user tokens, their refresh and logout. */
  public void handleAuth(Context ctx, CallPath path) {
    serve(ctx, path, (c, p, requestId) -> {
      authEndpoint(c, p.twoSegments() ? p.method() : "", requestId);
      return null;
    });
  }

  /** {@code _streams/...}: a browser's shared stream connection and its cancel requests. */
  public void handleStreams(Context ctx, CallPath path) {
    serve(ctx, path, (c, p, requestId) -> {
      streamConnections.handle(c, p.twoSegments() ? p.method() : "", requestId);
      return null;
    });
  }

  /** Request id, call record and observers around {@code endpoint}; any failure becomes problem+json. */
  private void serve(Context ctx, CallPath path, Endpoint endpoint) {
    String requestId = RequestIds.acceptOrCreate(SingleHeaders.valueOrNullIfRepeated(ctx, Protocol.REQUEST_ID_HEADER));
    ctx.header(Protocol.REQUEST_ID_HEADER, requestId);
    CallRecord record = CallRecord.begin(ctx, requestId);
    recordRoute(record, path);
    CallObserver.Observation observation = runtime.observers().begin(record);
    DetachedStream detached = null;
    try {
      if (!HandlerType.POST.equals(ctx.method())) {
        ctx.header("Allow", "POST");
        throw new RpcException(
            405, ProblemCodes.METHOD_NOT_ALLOWED, "Poto calls use POST, not " + ctx.method().name());
      }
      detached = endpoint.answer(ctx, path, requestId);
    } catch (RpcException e) {
      RequestBody.discardRest(ctx); // rejected before its body was read: let the caller finish sending
      if (e instanceof RetryLaterException later) {
        ctx.header("Retry-After", Long.toString(later.retryAfterSeconds()));
      }
      ProblemResponder.send(ctx, e, requestId);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      log.error("Poto request {} {} failed [requestId={}]", ctx.method(), ctx.path(), requestId, t);
      RequestBody.discardRest(ctx);
      ProblemResponder.send(ctx, internalError(requestId), requestId);
    } finally {
      if (detached != null) {
        detached.start(record, observation); // the stream's thread finishes the record
      } else {
        record.finish(ctx.statusCode(), ResponseBytes.of(ctx));
        observation.end(record);
      }
    }
  }

  /** Names only what the server serves, so observers never see (or label by) an invented path. */
  private void recordRoute(CallRecord record, CallPath path) {
    if (path.module().equals(AuthEndpoints.ROUTE)) {
      String action = path.twoSegments() ? path.method() : "";
      record.routed(AuthEndpoints.ROUTE, action.equals("visitor") || action.equals("login") ? action : CallRecord.UNKNOWN);
      return;
    }
    RegisteredModule module = runtime.modules().module(path.module());
    RegisteredMethod method = module != null && path.twoSegments() ? module.method(path.method()) : null;
    if (method != null) {
      record.routed(module.route(), method.rpc().name());
    } else if (module != null) {
      record.routed(module.route(), CallRecord.UNKNOWN);
    }
  }

  /** Routes and runs a module call; a direct stream's answer comes back to be finished after the handler. */
  private DetachedStream route(Context ctx, CallPath path, String requestId) throws Exception {
    String moduleName = path.module();
    String methodName = path.method();
    boolean twoSegments = path.twoSegments();
    RegisteredModule module = runtime.modules().module(moduleName);
    if (module == null) {
      throw new RpcException(404, ProblemCodes.UNKNOWN_MODULE, "No module '" + Printable.of(moduleName) + "'");
    }
    RegisteredMethod method = twoSegments ? module.method(methodName) : null;
    if (method == null) {
      throw new RpcException(
          404, ProblemCodes.UNKNOWN_METHOD,
          "Module '" + module.route() + "' has no method '" + Printable.of(methodName) + "'");
    }
    PotoUser user = access.authorize(method.access(), SingleHeaders.value(ctx, Protocol.AUTHORIZATION));
    if (user != null) {
      CallRecord.of(ctx).user(user.id());
    }
    // Headers before the body (docs/PROTOCOL.md §2); the deadline counts from the call's arrival.
    Instant deadline = Deadlines.parse(SingleHeaders.value(ctx, Protocol.TIMEOUT_HEADER), Instant.now());
    UploadBody upload = null;
    Object[] args;
    if (method.uploadPosition() >= 0) {
      // The body is the upload, streamed to the method; the other arguments come in a header.
      RequestBody.requireNoContentCoding(SingleHeaders.value(ctx, "Content-Encoding"));
      SingleHeaders.requireAtMostOne(ctx, "Content-Type");
      SingleHeaders.requireAtMostOne(ctx, Protocol.ARGS_HEADER);
      SingleHeaders.requireAtMostOne(ctx, Protocol.UPLOAD_NAME_HEADER);
      upload = UploadRequest.body(ctx, runtime.maxUploadBytes());
      args = decoder.decode(method, UploadRequest.arguments(ctx));
      args[method.uploadPosition()] = UploadRequest.upload(ctx, upload);
    } else {
      args = decoder.decode(method, RequestBody.read(ctx, runtime.maxBodyBytes()));
    }
    Request jetty = ServletContextRequest.getServletContextRequest(ctx.req());
    JettyRequestHeaders jettyHeaders = jetty != null ? new JettyRequestHeaders(jetty.getHeaders()) : null;
    RequestHeaders headers = jettyHeaders != null ? jettyHeaders : RequestHeaders.copyOf(ctx.headerMap());
    RequestContext context = new RequestContext(requestId, user, headers, ctx.cookieMap(), deadline, sessions);
    CallExchange exchange = new CallExchange(ctx, jetty, jettyHeaders, context, method, runtime);
    String sharedConnection = SingleHeaders.value(ctx, Protocol.STREAM_CONNECTION_HEADER);
    if (sharedConnection != null && method.rpc().resultKind().isEventStream()) {
      exchange.shareStream(SharedStream.reserve(runtime.streamConnections(), sharedConnection,
          SingleHeaders.value(ctx, Protocol.STREAM_ID_HEADER), context));
    }
    return call(exchange, args, upload);
  }

  private void authEndpoint(Context ctx, String action, String requestId) {
    IssuedToken token;
    switch (action) {
      case "visitor" -> token = auth.visitor(RequestBody.read(ctx, runtime.maxBodyBytes()), ctx.ip());
      case "login" -> token = auth.login(RequestBody.read(ctx, runtime.maxBodyBytes()), ctx.ip());
      case "refresh" -> token = auth.refresh(RequestBody.read(ctx, runtime.maxBodyBytes()));
      case "logout" -> {
        auth.logout(RequestBody.read(ctx, runtime.maxBodyBytes()));
        ctx.status(204);
        ctx.header("Cache-Control", "no-store");
        return;
      }
      default ->
          throw new RpcException(
              404, ProblemCodes.UNKNOWN_METHOD,
              "No auth endpoint '" + Printable.of(action) + "'; use visitor, login, refresh or logout");
    }
    CallRecord.of(ctx).user(token.userId());
    ctx.status(200);
    ctx.contentType(Protocol.JSON);
    ctx.header("Cache-Control", "no-store");
    ctx.result(AuthEndpoints.encode(token));
  }

  /**
   * Runs the call with its context bound, the deadline armed, the connection watched and the worker
   * interruptible, and writes the result. The watcher starts after the body has been read (route()
   * did, or for an upload the method did: until then a departed caller shows as a failed read). Every
   * guard is released on this thread before the handler returns, except for a direct stream, whose
   * guards go with its answer to the stream's own thread (returned).
   */
  private DetachedStream call(CallExchange exchange, Object[] args, UploadBody upload) {
    RequestContext context = exchange.context();
    Cancellation cancellation = context.cancellation();
    try (WorkerInterrupter interrupter = WorkerInterrupter.forCurrentThread(cancellation)) {
      CallGuards guards = CallGuards.arm(exchange, upload, deadlines, runtime);
      DetachedStream detached = null;
      try {
        exchange.watchingWith(guards.watcher()::close);
        if (upload != null) {
          upload.whenRead(guards.watcher()::arm, () -> cancellation.cancel(CancelReasons.CLIENT_GONE));
        }
        CallScope.run(context, () -> invokeAndWrite(exchange, args, upload));
        detached = exchange.detached();
        if (detached != null) {
          detached.keep(guards);
        }
        return detached;
      } finally {
        if (detached == null) {
          guards.close();
        }
      }
    } finally {
      SharedStream shared = exchange.sharedStream();
      if (shared != null && !shared.handedOver()) {
        shared.release(); // the call failed before its stream started
      }
    }
  }

  private void invokeAndWrite(CallExchange exchange, Object[] args, UploadBody upload) {
    RegisteredMethod method = exchange.registeredMethod();
    Object result;
    try {
      result = method.invoke(args);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      if (upload != null && upload.tooLarge()) {
        failTooLarge(exchange);
      } else {
        fail(exchange, t);
      }
      return;
    }
    if (upload != null && upload.tooLarge()) {
      // The method went on after its read failed: what it did was with part of the upload only.
      closeQuietly(result);
      failTooLarge(exchange);
      return;
    }
    if (exchange.context().cancellation().isCancelled()) {
      closeQuietly(result); // a stream nobody will read: run its close handlers
      answerCancelled(exchange);
      return;
    }
    try {
      ResultWriter writer = exchange.sharedStream() != null ? sharedStreams : writers.forKind(method.rpc().resultKind());
      writer.write(exchange, result);
    } catch (Throwable t) {
      rethrowIfFatal(t);
      if (!exchange.started()) {
        fail(exchange, t);
      } else if (!exchange.context().cancellation().isCancelled()) {
        log.error("Poto call {} failed while writing its answer [requestId={}]",
            method.rpc().path(), exchange.context().requestId(), t);
      }
      return;
    }
    if (!exchange.started() && exchange.context().cancellation().isCancelled()) {
      answerCancelled(exchange); // the writer stopped before its first byte
    }
  }

  /**
   * An upload past its limit: the caller is most likely still sending it, and a connection closed with
   * unread bytes is reset, so the caller would see a broken connection instead of the 413. What is left
   * is read and dropped first, within {@link RequestBody#discardRest}'s bound.
   */
  private void failTooLarge(CallExchange exchange) {
    RequestBody.discardRest(exchange.http());
    fail(exchange, UploadBody.tooLarge(runtime.maxUploadBytes()));
  }

  private void fail(CallExchange exchange, Throwable t) {
    RequestContext context = exchange.context();
    if (context.cancellation().isCancelled()) {
      // Most likely the module reacting to the interrupt (InterruptedException, a closed channel):
      // not a server failure.
      log.debug("Poto call {} ended after cancellation ({}) [requestId={}]",
          exchange.method().path(), context.cancellation().reason(), context.requestId(), t);
      answerCancelled(exchange);
    } else if (t instanceof DomainException e) {
      failDeclared(exchange, e);
    } else if (t instanceof RpcException e) {
      exchange.sendProblem(e);
    } else if (JsonLimits.exceeded(t)) {
      log.error("Poto call {} failed: its result goes beyond the protocol's JSON limits ({} levels of nesting,"
          + " {}-digit numbers) [requestId={}]", exchange.method().path(), Protocol.MAX_NESTING_DEPTH,
          Protocol.MAX_NUMBER_DIGITS, context.requestId());
      exchange.sendProblem(internalError(context.requestId()));
    } else {
      log.error("Poto call {} failed [requestId={}]", exchange.method().path(), context.requestId(), t);
      exchange.sendProblem(internalError(context.requestId()));
    }
  }

  /**
   * A domain error goes out with its fields only if the method declares it: an undeclared one is a
   * server bug (the clients' types do not know it), answered like any unexpected exception.
   */
  private static void failDeclared(CallExchange exchange, DomainException error) {
    RequestContext context = exchange.context();
    DeclaredError<?> declared = exchange.method().declaredFor(error);
    if (declared == null) {
      log.error("Poto call {} threw {}, which the method does not declare; add it to the method's throws clause"
          + " [requestId={}]", exchange.method().path(), error.getClass().getName(), context.requestId(), error);
      exchange.sendProblem(internalError(context.requestId()));
      return;
    }
    try {
      exchange.sendDeclaredError(declared, error);
    } catch (RuntimeException unsendable) {
      log.error("Poto call {} threw {}, which could not be sent [requestId={}]", exchange.method().path(),
          error.getClass().getName(), context.requestId(), unsendable);
      exchange.sendProblem(internalError(context.requestId()));
    }
  }

  /**
   * Out of memory, a stack overflow, an internal JVM error: the process may be in no state to answer,
   * so the error goes on to the HTTP server (and whatever the JVM is told to do about it) instead of
   * becoming a 500 after which this server carries on.
   */
  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError fatal) {
      throw fatal;
    }
  }

  /**
   * A cancelled call: 504 for a passed deadline, 503 when the server is shutting down; for a departed
   * caller, drop the connection.
   */
  private static void answerCancelled(CallExchange exchange) {
    if (exchange.started()) {
      return;
    }
    String reason = exchange.context().cancellation().reason();
    if (CancelReasons.DEADLINE_EXCEEDED.equals(reason)) {
      exchange.sendProblem(deadlineExceeded());
    } else if (CancelReasons.SHUTTING_DOWN.equals(reason)) {
      exchange.sendProblem(new RpcException(503, ProblemCodes.SHUTTING_DOWN, "The server is shutting down; call again"));
    } else {
      exchange.abort(new IOException("The caller went away"));
    }
  }

  private static RpcException deadlineExceeded() {
    return new RpcException(504, ProblemCodes.DEADLINE_EXCEEDED, "The call did not finish before its deadline");
  }

  private static RpcException internalError(String requestId) {
    return new RpcException(
        500, ProblemCodes.INTERNAL_ERROR, "The server failed to handle the call; quote request id " + requestId);
  }

  /**
   * Releases a result nobody will read: a {@code Stream}'s close handlers run, and a
   * {@code Flow.Publisher} is subscribed to and cancelled at once, which is the only way to tell a
   * publisher (say, one that registered a watcher when the method made it) that its caller is gone.
   */
  private static void closeQuietly(Object result) {
    if (result instanceof Flow.Publisher<?> publisher) {
      try {
        publisher.subscribe(new CancelAtOnce());
      } catch (RuntimeException e) {
        log.debug("Cancelling an abandoned publisher failed", e);
      }
    }
    if (result instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("Closing an abandoned result failed", e);
      }
    }
  }


  /** Subscribes only to cancel: the result of a call whose caller is gone. */
  private static final class CancelAtOnce implements Flow.Subscriber<Object> {
    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.cancel();
    }

    @Override
    public void onNext(Object item) {}

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onComplete() {}
  }

  /**
   * Nothing to release: deadlines, heartbeats and flushes run on the runtime's
   * {@link PotoRuntime#scheduler() scheduler}, which the runtime's creator closes with the runtime.
   */
  @Override
  public void close() {}
}
