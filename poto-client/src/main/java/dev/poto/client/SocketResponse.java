package dev.poto.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** An answer read by {@link DirectTransport}, in the form the rest of the client handles every answer. */
record SocketResponse<B>(HttpRequest request, int statusCode, HttpHeaders headers, B body, SSLSession session)
    implements HttpResponse<B> {

  @Override
  public Optional<HttpResponse<B>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return Optional.ofNullable(session);
  }

  @Override
  public URI uri() {
    return request.uri();
  }

  @Override
  public HttpClient.Version version() {
    return HttpClient.Version.HTTP_1_1;
  }
}
