package org.vigie.server;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/**
 * A test-local web server for routes Api does not register yet (the lead wires them into Api),
 * with the same problem+json error mapping.
 */
public final class SideServer implements AutoCloseable {
  private final WebServer server;

  public SideServer(Consumer<HttpRouting.Builder> routes) {
    server = WebServer.builder().host("127.0.0.1").port(0).routing(r -> {
      routes.accept(r);
      r.error(Problem.class, (req, res, p) -> {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", p.title());
        body.put("status", p.status());
        body.put("detail", p.detail());
        res.status(Status.create(p.status()));
        res.header(HeaderNames.CONTENT_TYPE, "application/problem+json");
        res.send(Json.bytes(body));
      });
    }).build().start();
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  @Override
  public void close() {
    server.stop();
  }
}
