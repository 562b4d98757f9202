package dev.poto.it.shared;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw client of a shared stream connection ({@code POST /poto/_streams}), as docs/PROTOCOL.md
 * describes it: reads its frames on a thread of its own into a queue, one map of fields per frame.
 */
final class SharedConnection implements AutoCloseable {
  /** One frame: its fields (event, data, stream). */
  record Frame(Map<String, String> fields) {
    String event() {
      return fields.get("event");
    }

    String data() {
      return fields.get("data");
    }

    String stream() {
      return fields.get("stream");
    }
  }

  final HttpResponse<InputStream> response;
  final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final Thread reader;
  volatile boolean ended;

  /** The body of a refused open (not 200), read at once; null for an open connection. */
  final String refusal;

  private SharedConnection(HttpResponse<InputStream> response) throws IOException {
    this.response = response;
    if (response.statusCode() == 200) {
      this.refusal = null;
      this.reader = Thread.ofVirtual().start(this::read);
    } else {
      try (InputStream body = response.body()) {
        this.refusal = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      }
      this.reader = Thread.ofVirtual().unstarted(() -> {});
    }
  }

  static SharedConnection open(HttpClient client, String baseUrl, String token) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/poto/_streams"))
        .POST(HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return new SharedConnection(client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  private void read() {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (!fields.isEmpty()) {
            frames.add(new Frame(fields));
            fields = new LinkedHashMap<>();
          }
        } else if (!line.startsWith(":")) {
          int colon = line.indexOf(':');
          fields.put(line.substring(0, colon), line.substring(colon + 1).stripLeading());
        }
      }
    } catch (IOException e) {
      // closed by us or by the server
    } finally {
      ended = true;
    }
  }

  Frame next() throws InterruptedException {
    Frame frame = frames.poll(20, TimeUnit.SECONDS);
    if (frame == null) {
      throw new AssertionError("no frame within 20 s");
    }
    return frame;
  }

  /** Frames until (and including) the terminal frame of {@code stream}; other streams' frames are kept. */
  java.util.List<Frame> untilEndOf(String stream) throws InterruptedException {
    java.util.List<Frame> mine = new java.util.ArrayList<>();
    java.util.Deque<Frame> kept = others.computeIfAbsent(stream, s -> new java.util.ArrayDeque<>());
    for (;;) {
      Frame frame = kept.isEmpty() ? next() : kept.removeFirst();
      if (stream.equals(frame.stream())) {
        mine.add(frame);
        if (!"item".equals(frame.event())) {
          return mine;
        }
      } else {
        others.computeIfAbsent(String.valueOf(frame.stream()), s -> new java.util.ArrayDeque<>()).add(frame);
      }
    }
  }

  private final Map<String, java.util.Deque<Frame>> others = new java.util.HashMap<>();

  /** Leaves: closes the body, as a closed browser tab does. */
  @Override
  public void close() throws IOException {
    response.body().close();
    reader.interrupt();
  }

  static Duration timeout() {
    return Duration.ofSeconds(20);
  }
}
