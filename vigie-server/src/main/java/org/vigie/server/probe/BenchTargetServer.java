package org.vigie.server.probe;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The local fake target of {@code vigie bench probes}, run in its own JVM so its CPU is not counted
 * as the agent's: answers every path with a small 200 page on a loopback port, printed on stdout.
 */
public final class BenchTargetServer {
  private BenchTargetServer() {}

  public static void main(String[] args) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    byte[] body = "<html><title>target</title>ok</html>".getBytes(StandardCharsets.UTF_8);
    s.createContext("/", ex -> {
      ex.getRequestBody().readAllBytes();
      ex.getResponseHeaders().add("Content-Type", "text/html");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.start();
    System.out.println(s.getAddress().getPort());
    System.out.flush();
  }
}
