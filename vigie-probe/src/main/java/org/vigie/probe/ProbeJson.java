package org.vigie.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.signal.ProbeResult;

/**
 * The wire format between agents and the server. Check list:
 * {@code {"checks":[{"service":"facebook","kind":"dns","name":"facebook.com","type":"A","resolvers":["1.1.1.1:53"],
 * "interval":"PT30S","timeout":"PT5S","retries":1}, ...]}}; results:
 * {@code {"vantage":"FR-IDF","results":[{"service","target","kind","ok","outcome","latencyMs","at"}, ...]}}.
 */
public final class ProbeJson {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private ProbeJson() {}

  /** A request that cannot be read, with the reason. */
  public static final class FormatException extends RuntimeException {
    public FormatException(String message) {
      super(message);
    }
  }

  public static byte[] checks(List<Check> checks) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode arr = root.putArray("checks");
    for (Check c : checks) {
      ObjectNode n = arr.addObject();
      n.put("service", c.service()).put("kind", c.kind());
      switch (c) {
        case Check.Http h -> {
          n.put("url", h.url().toString()).put("expectStatusMin", h.expectStatusMin()).put("expectStatusMax", h.expectStatusMax());
          if (h.expectContent() != null) {
            n.put("expectContent", h.expectContent());
          }
        }
        case Check.Dns d -> {
          n.put("name", d.name()).put("type", d.type());
          ArrayNode rs = n.putArray("resolvers");
          d.resolvers().forEach(r -> rs.add(r.getHostString() + ":" + r.getPort()));
        }
        case Check.Tcp t -> n.put("host", t.host()).put("port", t.port());
        case Check.Tls t -> n.put("host", t.host()).put("port", t.port()).put("minDaysValid", t.minDaysValid());
      }
      n.put("interval", c.schedule().interval().toString()).put("timeout", c.schedule().timeout().toString())
          .put("retries", c.schedule().retries());
    }
    return write(root);
  }

  public static List<Check> readChecks(byte[] json) {
    JsonNode root = read(json);
    List<Check> out = new ArrayList<>();
    int i = 0;
    for (JsonNode n : root.path("checks")) {
      i++;
      try {
        Schedule s = new Schedule(Duration.parse(n.path("interval").asText("PT30S")), Duration.parse(n.path("timeout").asText("PT5S")),
            n.path("retries").asInt(1));
        String service = n.path("service").asText();
        out.add(switch (n.path("kind").asText()) {
          case "http" -> new Check.Http(service, URI.create(n.path("url").asText()), n.path("expectStatusMin").asInt(200),
              n.path("expectStatusMax").asInt(399), n.hasNonNull("expectContent") ? n.get("expectContent").asText() : null, s);
          case "dns" -> {
            List<InetSocketAddress> rs = new ArrayList<>();
            for (JsonNode r : n.path("resolvers")) {
              rs.add(address(r.asText()));
            }
            yield new Check.Dns(service, n.path("name").asText(), n.path("type").asText("A"), rs, s);
          }
          case "tcp" -> new Check.Tcp(service, n.path("host").asText(), n.path("port").asInt(), s);
          case "tls" -> new Check.Tls(service, n.path("host").asText(), n.path("port").asInt(443), n.path("minDaysValid").asInt(14), s);
          default -> throw new IllegalArgumentException("unknown kind '" + n.path("kind").asText() + "'");
        });
      } catch (RuntimeException e) {
        throw new FormatException("check " + i + ": " + e.getMessage());
      }
    }
    return out;
  }

  static InetSocketAddress address(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon < 0) {
      return new InetSocketAddress(hostPort, 53);
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
  }

  public static byte[] results(String vantage, List<ProbeResult> results) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("vantage", vantage);
    ArrayNode arr = root.putArray("results");
    for (ProbeResult r : results) {
      arr.addObject().put("service", r.service()).put("target", r.target()).put("kind", r.kind()).put("ok", r.ok())
          .put("outcome", r.outcome()).put("latencyMs", r.latency().toMillis()).put("at", r.at().toString());
    }
    return write(root);
  }

  /** Reads a results batch; every result takes the batch's vantage point. */
  public static List<ProbeResult> readResults(byte[] json, int max) {
    JsonNode root = read(json);
    String vantage = root.path("vantage").asText("");
    if (!vantage.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
      throw new FormatException("'vantage' must be a short name such as FR-IDF");
    }
    JsonNode arr = root.path("results");
    if (!arr.isArray()) {
      throw new FormatException("'results' must be an array");
    }
    if (arr.size() > max) {
      throw new FormatException("a batch may hold at most " + max + " results");
    }
    List<ProbeResult> out = new ArrayList<>(arr.size());
    int i = 0;
    for (JsonNode n : arr) {
      i++;
      String kind = n.path("kind").asText();
      if (!List.of("http", "dns", "tcp", "tls").contains(kind)) {
        throw new FormatException("result " + i + ": 'kind' must be http, dns, tcp or tls");
      }
      String service = n.path("service").asText("");
      String target = n.path("target").asText("");
      String outcome = n.path("outcome").asText("");
      if (service.isEmpty() || target.isEmpty() || target.length() > 512 || !outcome.matches("[a-z0-9_]{1,32}")) {
        throw new FormatException("result " + i + ": 'service', 'target' and 'outcome' are required");
      }
      Instant at;
      try {
        at = Instant.parse(n.path("at").asText());
      } catch (RuntimeException e) {
        throw new FormatException("result " + i + ": 'at' must be an ISO-8601 instant");
      }
      out.add(new ProbeResult(service, target, vantage, kind, n.path("ok").asBoolean(false), outcome,
          Duration.ofMillis(Math.max(0, n.path("latencyMs").asLong(0))), at));
    }
    return out;
  }

  private static JsonNode read(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new FormatException("expected a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new FormatException("not JSON: " + e.getMessage());
    }
  }

  private static byte[] write(Object o) {
    try {
      return MAPPER.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
