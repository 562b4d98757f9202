package dev.poto.bench.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * What the Java client alone costs: one answer of the real server (status line, headers, the chunked
 * event stream, byte for byte) recorded once, then served from memory to every request, whatever it
 * asks. Serving it is a socket write of a byte array, so a client reading from here is measured without
 * the server's encoding, which shares the cores with it in the real scenario.
 */
final class RecordedStreamServer implements AutoCloseable {
  private final byte[] answer;
  private final ServerSocket listener;
  private final Thread acceptor;

  private RecordedStreamServer(byte[] answer) throws IOException {
    this.answer = answer;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = Thread.ofPlatform().daemon().name("recorded-stream-server").start(this::accept);
  }

  /** Records the real server's answer to {@code records(items)} and serves it on a free loopback port. */
  static RecordedStreamServer record(int port, String token, int items) throws IOException {
    byte[] body = ("{\"count\":" + items + "}").getBytes(StandardCharsets.US_ASCII);
    String head = "POST /poto/benchstream/records HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
        + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n"
        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
    ByteArrayOutputStream answer = new ByteArrayOutputStream(items * 64 + 1024);
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port));
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      socket.getInputStream().transferTo(answer); // the server closes after the answer (Connection: close)
    }
    byte[] recorded = answer.toByteArray();
    String end = new String(recorded, Math.max(0, recorded.length - 64), Math.min(64, recorded.length),
        StandardCharsets.US_ASCII);
    if (!new String(recorded, 0, Math.min(32, recorded.length), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")
        || !end.contains("event: end")) {
      throw new IOException("the recorded answer is not a whole stream: it ends with " + end);
    }
    return new RecordedStreamServer(recorded);
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Bytes of the recorded answer, headers included. */
  int size() {
    return answer.length;
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket socket = listener.accept();
        Thread.ofPlatform().daemon().name("recorded-stream-answer").start(() -> answer(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads the request (head and declared body), answers with the recording, and closes. */
  private void answer(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      long contentLength = readHead(in);
      in.skipNBytes(contentLength);
      OutputStream out = socket.getOutputStream();
      out.write(answer);
      out.flush();
    } catch (IOException e) {
      // the client went away before the end: nothing to answer
    }
  }

  /** Reads up to the blank line after the headers; returns the Content-Length (0 when absent). */
  private static long readHead(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    long contentLength = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the request ended inside its head");
      }
      if (b == '\n') {
        String text = line.toString().strip();
        if (text.isEmpty()) {
          return contentLength;
        }
        int colon = text.indexOf(':');
        if (colon > 0 && text.substring(0, colon).equalsIgnoreCase("Content-Length")) {
          contentLength = Long.parseLong(text.substring(colon + 1).strip());
        }
        line.setLength(0);
      } else {
        line.append((char) b);
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    acceptor.interrupt();
  }
}
