package dev.poto.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers each connection with raw bytes a test writes itself: odd chunkings,
 * cut connections, slow bodies, answers that are not HTTP. It reads one request per connection (head
 * and Content-Length body) and records it; an answer the JDK's HttpClient reads twice must say
 * {@code Connection: close}, or that client would send the next call on the closed connection.
 * With {@link #keepAlive}, it reads the next request on the same connection after each answer, until
 * the client closes it; it counts the connections it accepted and those the client closed.
 */
final class RawHttpServer implements AutoCloseable {

  /**
   * One request as it arrived: the request line and headers (names in lower case), the body, and which
   * connection carried it (the first accepted is 1).
   */
  record Request(String line, Map<String, String> headers, String body, int connection) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** Whether the client's own connection sent it (the JDK's HttpClient names itself in a User-Agent). */
    boolean direct() {
      return header("User-Agent") == null;
    }
  }

  @FunctionalInterface
  interface Answer {
    void write(Request request, OutputStream out, Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;
  private volatile Answer answer;
  private volatile boolean keepAlive;
  private final AtomicInteger accepted = new AtomicInteger();
  private final Semaphore closedByClient = new Semaphore(0);

  RawHttpServer(Answer answer) throws IOException {
    this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), answer);
  }

  RawHttpServer(ServerSocket server, Answer answer) {
    this.server = server;
    this.answer = answer;
    this.acceptor = Thread.ofVirtual().start(this::accept);
  }

  String baseUrl(String scheme) {
    return scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":" + server.getLocalPort();
  }

  int port() {
    return server.getLocalPort();
  }

  void answer(Answer answer) {
    this.answer = answer;
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Reads further requests on a connection after each answer (the answer must frame its body). */
  RawHttpServer keepAlive() {
    this.keepAlive = true;
    return this;
  }

  /** How many connections were accepted so far. */
  int accepted() {
    return accepted.get();
  }

  /** Waits until the client has closed {@code count} connections (in all) while the server waited for a request. */
  boolean awaitClosedByClient(int count) throws InterruptedException {
    return closedByClient.tryAcquire(count, 10, TimeUnit.SECONDS);
  }

  /** Whether the client closed more connections than were awaited. */
  int closedByClientNotAwaited() {
    return closedByClient.availablePermits();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        int connection = accepted.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(socket, connection));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      InputStream in = socket.getInputStream();
      do {
        int first = in.read();
        if (first < 0) {
          closedByClient.release(); // the client ended the connection between calls
          return;
        }
        String line = (char) first + line(in);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
          int colon = header.indexOf(':');
          headers.put(header.substring(0, colon).toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        Request request =
            new Request(line, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8), connection);
        requests.add(request);
        OutputStream out = socket.getOutputStream();
        answer.write(request, out, socket);
        out.flush();
      } while (keepAlive && !socket.isClosed());
    } catch (Exception e) {
      // the client went away or the test's answer gave up: the connection closes
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new IOException("the client closed the connection");
      }
      line.write(b);
    }
    String text = line.toString(StandardCharsets.ISO_8859_1);
    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
  }

  static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    acceptor.interrupt();
  }
}
