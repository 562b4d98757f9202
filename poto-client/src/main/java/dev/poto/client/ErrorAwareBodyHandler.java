package dev.poto.client;

import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;

/**
 * Reads a success answer with the handler the call needs (bytes, discarding, an input stream) and any
 * other answer fully as bytes, so an error body can be decoded whatever kind of result was expected.
 */
final class ErrorAwareBodyHandler<B> implements BodyHandler<ErrorAwareBodyHandler.Answer<B>> {

  /** Exactly one of {@code body} (a 2xx answer) and {@code errorBody} is meaningful. */
  record Answer<B>(B body, byte[] errorBody) {
    boolean failed() {
      return errorBody != null;
    }
  }

  private final BodyHandler<B> onSuccess;

  ErrorAwareBodyHandler(BodyHandler<B> onSuccess) {
    this.onSuccess = onSuccess;
  }

  @Override
  public BodySubscriber<Answer<B>> apply(ResponseInfo info) {
    if (info.statusCode() >= 200 && info.statusCode() < 300) {
      return BodySubscribers.mapping(onSuccess.apply(info), body -> new Answer<>(body, null));
    }
    return BodySubscribers.mapping(BodySubscribers.ofByteArray(), bytes -> new Answer<>(null, bytes));
  }
}
