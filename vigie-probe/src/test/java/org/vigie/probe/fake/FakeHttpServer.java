package org.vigie.probe.fake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A deliberately misbehaving HTTP/1.1 server on loopback: per path it answers with a status, a
 * body that never completes, a reset, or nothing at all. With an SSLContext it speaks HTTPS.
 * Keep-alive is supported so the benchmark can reuse connections.
 */
public final class FakeHttpServer implements AutoCloseable {
  /** What the server does for a path. */
  public sealed interface Behaviour {}

  public record Respond(int status, String body) implements Behaviour {}

  /** Headers and the first part of the body, then silence until the server closes. */
  public record StallBody(String firstPart) implements Behaviour {}

  /** Reads the request and closes with a TCP reset. */
  public record Reset() implements Behaviour {}

  /** Reads the request and never answers. */
  public record Silent() implements Behaviour {}

  private final ServerSocket server;
  private final Map<String, Behaviour> routes = new ConcurrentHashMap<>();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicLong requests = new AtomicLong();
  private final String scheme;
  private volatile Behaviour fallback = new Respond(200, "ok");

  public FakeHttpServer() throws IOException {
    this(null);
  }

  public FakeHttpServer(SSLContext tls) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    this.server = tls == null ? new ServerSocket(0, 1024, lo) : tls.getServerSocketFactory().createServerSocket(0, 1024, lo);
    this.scheme = tls == null ? "http" : "https";
    Thread.ofPlatform().daemon().name("fake-http-accept").start(this::acceptLoop);
  }

  public FakeHttpServer on(String path, Behaviour b) {
    routes.put(path, b);
    return this;
  }

  public FakeHttpServer otherwise(Behaviour b) {
    fallback = b;
    return this;
  }

  public URI uri(String path) {
    return URI.create(scheme + "://127.0.0.1:" + server.getLocalPort() + path);
  }

  public int port() {
    return server.getLocalPort();
  }

  public long requests() {
    return requests.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      OutputStream out = s.getOutputStream();
      while (true) {
        String requestLine = in.readLine();
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
          // headers are ignored
        }
        requests.incrementAndGet();
        String[] parts = requestLine.split(" ");
        String path = parts.length > 1 ? parts[1] : "/";
        Behaviour b = routes.getOrDefault(path, fallback);
        switch (b) {
          case Respond r -> {
            byte[] body = r.body().getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + r.status() + " X\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
          }
          case StallBody sb -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n" + sb.firstPart())
                .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            closed.await();
            return;
          }
          case Reset r -> {
            s.setSoLinger(true, 0);
            return;
          }
          case Silent x -> {
            closed.await();
            return;
          }
        }
      }
    } catch (IOException | InterruptedException e) {
      // the client went away; nothing to do
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    server.close();
  }
}
