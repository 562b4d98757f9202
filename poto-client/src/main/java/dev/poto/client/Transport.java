package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One POST over {@link HttpClient} with the identity's cookies, through the {@link CallInterceptor}s, and
 * every way of not getting an answer turned into the matching {@link dev.poto.protocol.RpcException}.
 */
final class Transport {
  private final HttpClient http;
  private final boolean ownsHttp;
  private final List<CallInterceptor> interceptors;
  /**
   * Reads binary results and event streams over connections of its own, or null to read both through
   * {@code http}; which of the two it takes, {@code directBinary} and {@code directStreams} say.
   */
  private final DirectTransport direct;
  private final boolean directBinary;
  private final boolean directStreams;
  private final CookieJar cookies = new CookieJar();
  private volatile boolean closed;

  Transport(HttpClient http, boolean ownsHttp, List<CallInterceptor> interceptors, boolean directBinary,
      boolean directStreams, ConnectionPool idleConnections) {
    this.http = http;
    this.ownsHttp = ownsHttp;
    this.interceptors = List.copyOf(interceptors);
    this.directBinary = directBinary;
    this.directStreams = directStreams;
    this.direct = directBinary || directStreams ? new DirectTransport(http, idleConnections) : null;
  }

  /**
   * Sends one POST through the interceptors, the first outermost.
   *
   * @param procedure what it calls, for interceptors: {@code module.method} or an auth path
   * @param timeout bounds the wait for the answer's headers (not the body), or null for none
   * @param headers extra headers, the protocol's own included
   */
  <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(String procedure, URI uri, byte[] body, String accept,
      Duration timeout, BodyHandler<B> onSuccess, Map<String, String> headers) {
    return post(procedure, uri, HttpRequest.BodyPublishers.ofByteArray(body), body, Protocol.JSON, accept, timeout,
        onSuccess, headers);
  }

  /** Like the byte[] form with any body, e.g. an upload's. */
  <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(String procedure, URI uri, HttpRequest.BodyPublisher body,
      String contentType, String accept, Duration timeout, BodyHandler<B> onSuccess, Map<String, String> headers) {
    return post(procedure, uri, body, null, contentType, accept, timeout, onSuccess, headers);
  }

  /** {@code bytes} is the body again as an array when it is one (null for a streamed upload). */
  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(String procedure, URI uri,
      HttpRequest.BodyPublisher body, byte[] bytes, String contentType, String accept, Duration timeout,
      BodyHandler<B> onSuccess, Map<String, String> headers) {
    if (closed) {
      throw new IllegalStateException("this PotoClient is closed");
    }
    OutgoingCall call = new OutgoingCall(procedure, uri);
    headers.forEach(call::put);
    if (interceptors.isEmpty()) {
      return send(call, body, bytes, contentType, accept, timeout, onSuccess);
    }
    List<HttpResponse<ErrorAwareBodyHandler.Answer<B>>> answers = new ArrayList<>(1);
    CallInterceptor.Chain chain = outgoing -> {
      HttpResponse<ErrorAwareBodyHandler.Answer<B>> response =
          send(outgoing, body, bytes, contentType, accept, timeout, onSuccess);
      answers.add(response);
      return new CallAnswer(response.statusCode(), response.headers());
    };
    for (CallInterceptor interceptor : interceptors.reversed()) {
      CallInterceptor.Chain next = chain;
      chain = outgoing -> interceptor.intercept(outgoing, next);
    }
    try {
      chain.proceed(call);
    } catch (RuntimeException e) {
      answers.forEach(Transport::closeBody);
      throw e;
    }
    if (answers.isEmpty()) {
      throw new IllegalStateException("an interceptor returned without proceeding with " + procedure);
    }
    answers.subList(0, answers.size() - 1).forEach(Transport::closeBody); // an interceptor's retries
    return answers.getLast();
  }

  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> send(OutgoingCall call, HttpRequest.BodyPublisher body,
      byte[] bytes, String contentType, String accept, Duration timeout, BodyHandler<B> onSuccess) {
    URI uri = call.uri();
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .POST(body)
        .header("Content-Type", contentType)
        .header("Accept", accept);
    if (timeout != null) {
      request.timeout(timeout);
    }
    call.headers().forEach(request::header);
    cookies.addTo(request, uri);
    HttpResponse<ErrorAwareBodyHandler.Answer<B>> response;
    try {
      response = sendDirect(request.build(), bytes, onSuccess);
      if (response == null) {
        response = http.send(request.build(), new ErrorAwareBodyHandler<>(onSuccess));
      }
    } catch (HttpConnectTimeoutException e) {
      throw ClientFailures.transport(uri, e); // never connected: the server did no work
    } catch (HttpTimeoutException e) {
      throw ClientFailures.deadline(uri, e);
    } catch (IOException e) {
      throw ClientFailures.transport(uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ClientFailures.interrupted(uri, e);
    }
    cookies.storeFrom(uri, response.headers());
    return response;
  }

  /**
   * A binary result or an event stream over a connection of its own, or null when that does not apply
   * to this call (an upload's body, a switch turned off, a proxy...: {@link DirectTransport#applies}).
   */
  @SuppressWarnings("unchecked")
  private <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> sendDirect(HttpRequest request, byte[] bytes,
      BodyHandler<B> onSuccess) throws IOException, InterruptedException {
    boolean wanted = onSuccess == ReadAheadBody.BINARY_RESULT ? directBinary
        : onSuccess == ReadAheadBody.EVENT_STREAM && directStreams;
    if (!wanted || direct == null || bytes == null || !direct.applies(request.uri())
        || onSuccess == ReadAheadBody.EVENT_STREAM && direct.multiplexes(request.uri())) {
      return null;
    }
    HttpResponse<?> response = direct.send(request, bytes);
    return (HttpResponse<ErrorAwareBodyHandler.Answer<B>>) response; // B is InputStream: both handlers read one
  }

  private static void closeBody(HttpResponse<? extends ErrorAwareBodyHandler.Answer<?>> response) {
    if (response.body().body() instanceof Closeable body) {
      try {
        body.close();
      } catch (IOException ignored) {
        // closing only releases the connection
      }
    }
  }

  /** The idle connections of streams and binary results kept for later calls; null when neither is direct. */
  ConnectionPool idleConnections() {
    return direct == null ? null : direct.pool();
  }

  CookieJar cookies() {
    return cookies;
  }

  void close() {
    closed = true;
    if (direct != null) {
      direct.closeAll();
    }
    if (ownsHttp) {
      http.shutdownNow(); // close() would wait for every open stream to end
    }
  }
}
