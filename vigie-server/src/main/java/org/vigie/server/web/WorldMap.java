package org.vigie.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The world as SVG paths, one per country, projected once at start from Natural Earth 1:110m
 * boundaries (world-atlas {@code countries-110m.json}, public domain; see NOTICE beside it).
 *
 * <p>Rendering on the server keeps the map out of the browser's critical path: a page arrives
 * already colored, works without scripts and needs no tile server or CDN. Scripts only recolor
 * paths by their {@code data-cc} when live counts arrive.
 *
 * <h2>Implementation notes</h2>
 * TopoJSON arcs are delta-encoded integers under a transform; a ring is its arcs concatenated,
 * a negative index {@code ~i} meaning arc {@code i} reversed. The projection is Equal Earth
 * (Šavrič, Patterson, Jenny 2018): equal-area, so large countries do not dominate the eye, with
 * a closed-form forward formula. Natural Earth already cuts polygons at ±180°, so plain planar
 * projection needs almost no antimeridian handling (see {@link #svgPath}). Antarctica is left out: no one reports from it and
 * it takes a fifth of the height.
 */
final class WorldMap {
  static final double WIDTH = 1000;
  private static final double A1 = 1.340264;
  private static final double A2 = -0.081106;
  private static final double A3 = 0.000893;
  private static final double A4 = 0.003796;
  private static final double M = Math.sqrt(3) / 2;

  private final Map<String, String> pathByCountry;
  private final double height;
  private final double scale;
  private final double yTop;

  private WorldMap(Map<String, String> pathByCountry, double height, double scale, double yTop) {
    this.pathByCountry = pathByCountry;
    this.height = height;
    this.scale = scale;
    this.yTop = yTop;
  }

  /** Country paths keyed by ISO alpha-2, in the file's order. */
  Map<String, String> paths() {
    return pathByCountry;
  }

  double height() {
    return height;
  }

  String viewBox() {
    return String.format(Locale.ROOT, "0 0 %.0f %.0f", WIDTH, height);
  }

  /** Projected (x, y) of a longitude and latitude, in the map's coordinates. */
  double[] project(double lon, double lat) {
    double[] p = equalEarth(lon, lat);
    return new double[] {WIDTH / 2 + p[0] * scale, yTop - p[1] * scale};
  }

  static WorldMap load() {
    Map<String, String> alpha2 = numericCodes();
    JsonNode topo;
    try (InputStream in = WorldMap.class.getResourceAsStream("geo/countries-110m.json")) {
      topo = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    double sx = topo.path("transform").path("scale").get(0).asDouble();
    double sy = topo.path("transform").path("scale").get(1).asDouble();
    double tx = topo.path("transform").path("translate").get(0).asDouble();
    double ty = topo.path("transform").path("translate").get(1).asDouble();
    List<double[][]> arcs = new ArrayList<>();
    for (JsonNode arc : topo.path("arcs")) {
      double[][] pts = new double[arc.size()][];
      long x = 0;
      long y = 0;
      for (int i = 0; i < arc.size(); i++) {
        x += arc.get(i).get(0).asLong();
        y += arc.get(i).get(1).asLong();
        pts[i] = new double[] {x * sx + tx, y * sy + ty};
      }
      arcs.add(pts);
    }
    // Scale so that the sphere's width (±180° at the equator) fills WIDTH.
    double halfWidth = equalEarth(180, 0)[0];
    double scale = (WIDTH / 2) / halfWidth;
    // Latitudes kept: up to 84°N (northern Greenland), down to 56°S (Cape Horn).
    double yTop = equalEarth(0, 84)[1] * scale;
    double height = yTop - equalEarth(0, -57)[1] * scale;
    Map<String, List<List<double[]>>> rings = new LinkedHashMap<>();
    for (JsonNode g : topo.path("objects").path("countries").path("geometries")) {
      String code = alpha2.get(g.path("id").asText(""));
      if (code == null || code.equals("AQ")) {
        continue;
      }
      List<JsonNode> polygons = new ArrayList<>();
      if (g.path("type").asText().equals("Polygon")) {
        polygons.add(g.path("arcs"));
      } else if (g.path("type").asText().equals("MultiPolygon")) {
        g.path("arcs").forEach(polygons::add);
      }
      for (JsonNode polygon : polygons) {
        for (JsonNode ring : polygon) {
          List<double[]> pts = new ArrayList<>();
          for (JsonNode idx : ring) {
            int i = idx.asInt();
            double[][] arc = arcs.get(i >= 0 ? i : ~i);
            for (int k = 0; k < arc.length; k++) {
              double[] p = arc[i >= 0 ? k : arc.length - 1 - k];
              if (k == 0 && !pts.isEmpty()) {
                continue;
              }
              pts.add(p);
            }
          }
          rings.computeIfAbsent(code, c -> new ArrayList<>()).add(pts);
        }
      }
    }
    Map<String, String> paths = new LinkedHashMap<>();
    WorldMap proto = new WorldMap(Map.of(), height, scale, yTop);
    rings.forEach((code, list) -> paths.put(code, svgPath(proto, list)));
    return new WorldMap(java.util.Collections.unmodifiableMap(paths), height, scale, yTop);
  }

  /** Rings as one path: absolute first point, then relative moves at 0.1 unit precision. */
  private static String svgPath(WorldMap proj, List<List<double[]>> rings) {
    StringBuilder d = new StringBuilder();
    for (List<double[]> ring : rings) {
      long px = 0;
      long py = 0;
      boolean first = true;
      double offset = 0;
      double prevLon = Double.NaN;
      for (double[] ll : ring) {
        // A few 1:110m rings (Fiji) step across ±180° inside one ring: unwrap the longitude so the
        // ring stays whole; its far side then falls just outside the map instead of across it.
        if (!Double.isNaN(prevLon) && Math.abs(ll[0] - prevLon) > 180) {
          offset += ll[0] < prevLon ? 360 : -360;
        }
        prevLon = ll[0];
        double[] p = proj.project(ll[0] + offset, ll[1]);
        long x = Math.round(p[0] * 10);
        long y = Math.round(p[1] * 10);
        if (first) {
          d.append('M').append(tenths(x)).append(',').append(tenths(y));
          first = false;
        } else if (x != px || y != py) {
          long dx = x - px;
          long dy = y - py;
          d.append('l').append(tenths(dx));
          if (dy >= 0) {
            d.append(',');
          }
          d.append(tenths(dy));
        } else {
          continue;
        }
        px = x;
        py = y;
      }
      d.append('z');
    }
    return d.toString();
  }

  private static String tenths(long v) {
    long a = Math.abs(v);
    String s = (v < 0 ? "-" : "") + (a / 10);
    return a % 10 == 0 ? s : s + "." + (a % 10);
  }

  static double[] equalEarth(double lonDeg, double latDeg) {
    double lambda = Math.toRadians(lonDeg);
    double phi = Math.toRadians(latDeg);
    double theta = Math.asin(M * Math.sin(phi));
    double t2 = theta * theta;
    double t6 = t2 * t2 * t2;
    double x = lambda * Math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)));
    double y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2));
    return new double[] {x, y};
  }

  private static Map<String, String> numericCodes() {
    Map<String, String> m = new HashMap<>();
    try (InputStream in = WorldMap.class.getResourceAsStream("geo/iso3166-numeric.csv");
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] kv = line.split(",");
        m.put(kv[0].trim(), kv[1].trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
