package org.vigie.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for Slack, Discord, Teams, ntfy, Telegram or a webhook receiver: it records
 * every request and answers with scripted statuses (then 200). It can also hold requests until
 * released, to play a receiver that hangs.
 */
final class FakeReceiver implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }

    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().getFirst();
        }
      }
      return null;
    }
  }

  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
  private volatile String okBody = "ok";
  private volatile CountDownLatch hold;
  final CountDownLatch arrived = new CountDownLatch(1);
  private final HttpServer server;

  FakeReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", ex -> {
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), Map.copyOf(ex.getRequestHeaders()), body));
      arrived.countDown();
      CountDownLatch h = hold;
      if (h != null) {
        try {
          h.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Integer status = statuses.poll();
      int code = status == null ? 200 : status;
      // Errors echo what was received (path, query, credentials, body), as careless receivers do:
      // the worst case for secrets leaking into error messages.
      String echo = ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("Authorization") + " " + body;
      byte[] out = (code == 200 ? okBody : "{\"ok\":false,\"description\":" + JSON.writeValueAsString(echo) + "}")
          .getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(code, out.length);
      ex.getResponseBody().write(out);
      ex.close();
    });
    server.start();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  FakeReceiver answering(Integer... codes) {
    statuses.addAll(List.of(codes));
    return this;
  }

  FakeReceiver okBody(String body) {
    this.okBody = body;
    return this;
  }

  /** Holds every request until {@link #release()}. */
  FakeReceiver hanging() {
    hold = new CountDownLatch(1);
    return this;
  }

  void release() {
    if (hold != null) {
      hold.countDown();
    }
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
