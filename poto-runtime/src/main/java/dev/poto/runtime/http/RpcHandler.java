package dev.poto.runtime.http;

import dev.poto.protocol.ProblemCodes;
import dev.poto.protocol.Protocol;
import dev.poto.protocol.RpcException;
import dev.poto.runtime.Poto;
import dev.poto.runtime.PotoRuntime;
import dev.poto.runtime.auth.AccessControl;
import dev.poto.runtime.auth.AuthEndpoints;
import dev.poto.runtime.auth.IssuedToken;
import dev.poto.runtime.context.PotoUser;
import dev.poto.runtime.context.RequestContext;
import dev.poto.runtime.dispatch.RegisteredMethod;
import dev.poto.runtime.dispatch.RegisteredModule;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers every request under the prefix, whatever its HTTP method or path, so each answer is either
 * a result or a problem+json. Checks run in the protocol's order: method (405), route (404), access
 * (401/403), content type (415), size (413), deadline header and arguments (400); then the call runs
 * with its {@link RequestContext} bound around both the invocation and the writing of its result.
 */
public final class RpcHandler implements Handler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RpcHandler.class);
  private static final String AUTH_ROUTE = "_auth";
  static final String DEADLINE_REASON = "deadline_exceeded";

  private final PotoRuntime runtime;
  private final AccessControl access;
  private final AuthEndpoints auth;
  private final ArgumentDecoder decoder;
  private final ResultWriters writers;
  private final ScheduledExecutorService deadlines;

  public RpcHandler(PotoRuntime runtime, ResultWriters writers) {
    this.runtime = runtime;
    this.access = new AccessControl(runtime.tokens());
    this.auth = new AuthEndpoints(runtime.tokens(), runtime.userProvider().orElse(null));
    this.decoder = new ArgumentDecoder(runtime.mapper());
    this.writers = writers;
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().daemon().name("poto-deadlines").factory());
    timer.setRemoveOnCancelPolicy(true);
    this.deadlines = Executors.unconfigurableScheduledExecutorService(timer);
  }

  @Override
  public void handle(Context ctx) {
    String requestId = RequestIds.acceptOrCreate(ctx.header(Protocol.REQUEST_ID_HEADER));
    ctx.header(Protocol.REQUEST_ID_HEADER, requestId);
    try {
      route(ctx, requestId);
    } catch (RpcException e) {
      ProblemResponder.send(ctx, e, requestId);
    } catch (Throwable t) {
      log.error("Poto request {} {} failed [requestId={}]", ctx.method(), ctx.path(), requestId, t);
      ProblemResponder.send(ctx, internalError(requestId), requestId);
    }
  }

  private void route(Context ctx, String requestId) throws Exception {
    if (!HandlerType.POST.equals(ctx.method())) {
      ctx.header("Allow", "POST");
      throw new RpcException(
          405, ProblemCodes.METHOD_NOT_ALLOWED, "Poto calls use POST, not " + ctx.method().name());
    }
    String[] segments = pathBelowPrefix(ctx).split("/", -1);
    String moduleName = segments[0];
    String methodName = segments.length > 1 ? segments[1] : "";
    boolean twoSegments = segments.length == 2;

    if (moduleName.equals(AUTH_ROUTE)) {
      authEndpoint(ctx, twoSegments ? methodName : "", requestId);
      return;
    }
    RegisteredModule module = runtime.modules().module(moduleName);
    if (module == null) {
      throw new RpcException(404, ProblemCodes.UNKNOWN_MODULE, "No module '" + printable(moduleName) + "'");
    }
    RegisteredMethod method = twoSegments ? module.method(methodName) : null;
    if (method == null) {
      throw new RpcException(
          404, ProblemCodes.UNKNOWN_METHOD,
          "Module '" + module.route() + "' has no method '" + printable(methodName) + "'");
    }
    PotoUser user = access.authorize(method.rpc(), ctx.header(Protocol.AUTHORIZATION));
    byte[] body = RequestBody.read(ctx, runtime.maxBodyBytes());
    Instant deadline = Deadlines.parse(ctx.header(Protocol.TIMEOUT_HEADER), Instant.now());
    Object[] args = decoder.decode(method, body);
    RequestContext context =
        new RequestContext(requestId, user, ctx.headerMap(), ctx.cookieMap(), deadline, runtime);
    call(new CallExchange(ctx, context, method, runtime), args);
  }

  private void authEndpoint(Context ctx, String action, String requestId) {
    IssuedToken token;
    switch (action) {
      case "visitor" -> {
        RequestBody.read(ctx, runtime.maxBodyBytes()); // same 415/413 rules; the body is ignored
        token = auth.visitor();
      }
      case "login" -> token = auth.login(RequestBody.read(ctx, runtime.maxBodyBytes()));
      default ->
          throw new RpcException(
              404, ProblemCodes.UNKNOWN_METHOD, "No auth endpoint '" + printable(action) + "'; use visitor or login");
    }
    ctx.status(200);
    ctx.contentType(Protocol.JSON);
    ctx.header("Cache-Control", "no-store");
    ctx.result(AuthEndpoints.encode(token));
  }

  /** Runs the call with its context bound, the deadline armed, and the result written. */
  private void call(CallExchange exchange, Object[] args) {
    RequestContext context = exchange.context();
    CallGuard guard = new CallGuard(Thread.currentThread());
    context.cancellation().onCancel(guard::interrupt);
    ScheduledFuture<?> timer = null;
    if (context.deadline().isPresent()) {
      long delay = Math.max(0, Duration.between(Instant.now(), context.deadline().get()).toMillis());
      timer = deadlines.schedule(() -> context.cancellation().cancel(DEADLINE_REASON), delay, TimeUnit.MILLISECONDS);
    }
    try {
      Poto.runWith(context, () -> invokeAndWrite(exchange, args, guard));
    } finally {
      if (timer != null) {
        timer.cancel(false);
      }
    }
  }

  private void invokeAndWrite(CallExchange exchange, Object[] args, CallGuard guard) {
    RegisteredMethod method = exchange.registeredMethod();
    Object result;
    guard.enter();
    try {
      result = method.invoke(args);
    } catch (Throwable t) {
      guard.exit();
      fail(exchange, t);
      return;
    }
    guard.exit();
    if (deadlinePassed(exchange)) {
      closeQuietly(result);
      exchange.sendProblem(deadlineExceeded());
      return;
    }
    try {
      writers.forKind(method.rpc().resultKind()).write(exchange, result);
    } catch (Throwable t) {
      if (exchange.started()) {
        log.error("Poto call {} failed while writing its answer [requestId={}]",
            method.rpc().path(), exchange.context().requestId(), t);
      } else {
        fail(exchange, t);
      }
    }
  }

  private void fail(CallExchange exchange, Throwable t) {
    RequestContext context = exchange.context();
    if (deadlinePassed(exchange)) {
      exchange.sendProblem(deadlineExceeded());
    } else if (t instanceof RpcException e) {
      exchange.sendProblem(e);
    } else {
      log.error("Poto call {} failed [requestId={}]", exchange.method().path(), context.requestId(), t);
      exchange.sendProblem(internalError(context.requestId()));
    }
  }

  private static boolean deadlinePassed(CallExchange exchange) {
    return DEADLINE_REASON.equals(exchange.context().cancellation().reason());
  }

  private static RpcException deadlineExceeded() {
    return new RpcException(504, ProblemCodes.DEADLINE_EXCEEDED, "The call did not finish before its deadline");
  }

  private static RpcException internalError(String requestId) {
    return new RpcException(
        500, ProblemCodes.INTERNAL_ERROR, "The server failed to handle the call; quote request id " + requestId);
  }

  private String pathBelowPrefix(Context ctx) {
    String path = ctx.path();
    String contextPath = ctx.contextPath();
    if (contextPath != null && !contextPath.equals("/") && path.startsWith(contextPath)) {
      path = path.substring(contextPath.length());
    }
    String prefix = runtime.prefix() + "/";
    if (path.startsWith(prefix)) {
      path = path.substring(prefix.length());
    } else {
      path = "";
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    return path;
  }

  private static void closeQuietly(Object result) {
    if (result instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        log.debug("Closing an abandoned result failed", e);
      }
    }
  }

  private static String printable(String name) {
    String safe = name.replaceAll("[^\\x20-\\x7e]", "?");
    return safe.length() > 64 ? safe.substring(0, 64) + "…" : safe;
  }

  /** Stops the deadline timer thread. */
  @Override
  public void close() {
    deadlines.shutdownNow();
  }
}
