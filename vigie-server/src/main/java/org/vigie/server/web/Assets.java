package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Static files, all held in memory and served under {@code /assets/{version}/{name}}, where the
 * version is a hash of every file: the URLs change when any file does, so browsers and proxies
 * may keep them for a year. ES modules import each other relatively and so share the version.
 * uPlot comes from its WebJar; nothing is fetched from elsewhere.
 */
final class Assets {
  static final String UPLOT = "META-INF/resources/webjars/uplot/1.6.30/dist/";

  private record Asset(byte[] bytes, String type) {}

  private final Map<String, Asset> files = new LinkedHashMap<>();
  private final String version;

  Assets() {
    add("vigie.css", "org/vigie/server/web/assets/vigie.css", "text/css; charset=utf-8");
    add("common.js", "org/vigie/server/web/assets/common.js", "text/javascript; charset=utf-8");
    add("chart.js", "org/vigie/server/web/assets/chart.js", "text/javascript; charset=utf-8");
    add("service.js", "org/vigie/server/web/assets/service.js", "text/javascript; charset=utf-8");
    add("map.js", "org/vigie/server/web/assets/map.js", "text/javascript; charset=utf-8");
    add("home.js", "org/vigie/server/web/assets/home.js", "text/javascript; charset=utf-8");
    add("incident.js", "org/vigie/server/web/assets/incident.js", "text/javascript; charset=utf-8");
    add("favicon.svg", "org/vigie/server/web/assets/favicon.svg", "image/svg+xml");
    add("uPlot.esm.js", UPLOT + "uPlot.esm.js", "text/javascript; charset=utf-8");
    add("uPlot.min.css", UPLOT + "uPlot.min.css", "text/css; charset=utf-8");
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      files.forEach((name, a) -> {
        d.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        d.update(a.bytes());
      });
      version = HexFormat.of().formatHex(d.digest()).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void add(String name, String resource, String type) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing asset " + resource);
      }
      files.put(name, new Asset(in.readAllBytes(), type));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The URL of an asset. */
  String url(String name) {
    if (!files.containsKey(name)) {
      throw new IllegalArgumentException("no asset " + name);
    }
    return "/assets/" + version + "/" + name;
  }

  void handle(ServerRequest req, ServerResponse res) {
    String v = req.path().pathParameters().get("version");
    Asset a = files.get(req.path().pathParameters().get("name"));
    if (a == null) {
      res.status(Status.NOT_FOUND_404).header(HeaderNames.CONTENT_TYPE, "text/plain").send("no such asset");
      return;
    }
    res.header(HeaderNames.CONTENT_TYPE, a.type());
    res.header("X-Content-Type-Options", "nosniff");
    // An old page may still ask for an old version: serve today's file, but not for long.
    res.header(HeaderNames.CACHE_CONTROL, version.equals(v) ? "public, max-age=31536000, immutable" : "public, max-age=60");
    res.send(a.bytes());
  }
}
