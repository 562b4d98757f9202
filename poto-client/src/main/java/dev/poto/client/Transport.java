package dev.poto.client;

import dev.poto.protocol.Protocol;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One POST over {@link HttpClient} with the identity's cookies, and every way of not getting an answer
 * turned into the matching {@link dev.poto.protocol.RpcException}.
 */
final class Transport {
  private final HttpClient http;
  private final boolean ownsHttp;
  private final CookieJar cookies = new CookieJar();
  private volatile boolean closed;

  Transport(HttpClient http, boolean ownsHttp) {
    this.http = http;
    this.ownsHttp = ownsHttp;
  }

  /**
   * @param timeout bounds the wait for the answer's headers (not the body), or null for none
   * @param headers extra header name/value pairs
   */
  <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(URI uri, byte[] body, String accept,
      Duration timeout, BodyHandler<B> onSuccess, String... headers) {
    return post(uri, HttpRequest.BodyPublishers.ofByteArray(body), Protocol.JSON, accept, timeout, onSuccess, headers);
  }

  /** Like {@link #post(URI, byte[], String, Duration, BodyHandler, String...)} with any body, e.g. an upload's. */
  <B> HttpResponse<ErrorAwareBodyHandler.Answer<B>> post(URI uri, HttpRequest.BodyPublisher body, String contentType,
      String accept, Duration timeout, BodyHandler<B> onSuccess, String... headers) {
    if (closed) {
      throw new IllegalStateException("this PotoClient is closed");
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .POST(body)
        .header("Content-Type", contentType)
        .header("Accept", accept);
    if (timeout != null) {
      request.timeout(timeout);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    cookies.addTo(request, uri);
    HttpResponse<ErrorAwareBodyHandler.Answer<B>> response;
    try {
      response = http.send(request.build(), new ErrorAwareBodyHandler<>(onSuccess));
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

  CookieJar cookies() {
    return cookies;
  }

  void close() {
    closed = true;
    if (ownsHttp) {
      http.shutdownNow(); // close() would wait for every open stream to end
    }
  }
}
