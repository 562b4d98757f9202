package dev.poto.client;

/** Every case of {@link PotoClientStreamTest} with the stream read through the JDK's HttpClient. */
class PotoClientStreamThroughHttpClientTest extends PotoClientStreamTest {
  @Override
  PotoClient.Builder builder() {
    return super.builder().directStreams(false);
  }

  @Override
  boolean direct() {
    return false;
  }
}
