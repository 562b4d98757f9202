package dev.poto.client;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} frames one at a time, blocking only until the next frame is
 * complete, so items reach the caller as the server produces them. Implements the parts of the
 * WHATWG event-stream format Poto uses: {@code event} and {@code data} fields (several data lines
 * are joined with a newline), comment lines ({@code : ping}) skipped, any line ending accepted.
 */
final class EventStreamReader implements Closeable {

  /** One dispatched frame; {@code event} is {@code "message"} when the frame named none. */
  record Frame(String event, String data) {}

  private final BufferedReader lines;

  EventStreamReader(InputStream body) {
    this.lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
  }

  /** The next frame, or null at the end of the input (an unfinished last frame is dropped). */
  Frame next() throws IOException {
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isEmpty()) {
        if (event != null || data != null) {
          return new Frame(event == null ? "message" : event, data == null ? "" : data.toString());
        }
        continue; // a frame of comments only: a heartbeat
      }
      if (line.charAt(0) == ':') {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1 < line.length() && line.charAt(colon + 1) == ' ' ? colon + 2 : colon + 1);
      switch (field) {
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { } // id, retry and unknown fields mean nothing to Poto
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    lines.close();
  }
}
