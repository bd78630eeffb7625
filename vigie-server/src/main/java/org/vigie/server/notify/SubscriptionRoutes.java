package org.vigie.server.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.vigie.core.model.Countries;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.Tokens;
import org.vigie.server.Vigie;
import org.vigie.server.http.Json;
import org.vigie.server.http.Problem;

/**
 * Subscriptions, maintenance windows and silences through the admin API (bearer admin token).
 * People subscribe themselves on the web pages ({@code web.SubscribeView}).
 */
public final class SubscriptionRoutes {
  static final Set<String> KINDS = Set.of("email", "webhook", "slack", "discord", "teams", "ntfy", "telegram");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_BODY = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Vigie vigie;
  public SubscriptionRoutes(Vigie vigie) {
    this.vigie = vigie;
  }

  public void routes(HttpRouting.Builder r) {
    r.post("/api/v1/admin/subscriptions", this::create)
        .get("/api/v1/admin/subscriptions", (req, res) -> {
          admin(req);
          json(res, 200, Map.of("subscriptions", vigie.storage().subscriptions().all().stream().map(SubscriptionRoutes::view).toList()));
        })
        .get("/api/v1/admin/subscriptions/{id}", (req, res) -> {
          admin(req);
          json(res, 200, view(find(req)));
        })
        .delete("/api/v1/admin/subscriptions/{id}", (req, res) -> {
          admin(req);
          if (!vigie.storage().subscriptions().remove(req.path().pathParameters().get("id"))) {
            throw new Problem(404, "Not found", "no subscription '" + req.path().pathParameters().get("id") + "'");
          }
          res.status(Status.NO_CONTENT_204).send();
        })
        .post("/api/v1/admin/maintenance", this::createWindow)
        .get("/api/v1/admin/maintenance", (req, res) -> {
          admin(req);
          json(res, 200, Map.of("windows", vigie.storage().maintenance().windows(null)));
        })
        .delete("/api/v1/admin/maintenance/{id}", (req, res) -> {
          admin(req);
          removed(res, vigie.storage().maintenance().removeWindow(req.path().pathParameters().get("id")), "maintenance window");
        })
        .post("/api/v1/admin/silences", this::createSilence)
        .get("/api/v1/admin/silences", (req, res) -> {
          admin(req);
          json(res, 200, Map.of("silences", vigie.storage().maintenance().silences()));
        })
        .delete("/api/v1/admin/silences/{id}", (req, res) -> {
          admin(req);
          removed(res, vigie.storage().maintenance().removeSilence(req.path().pathParameters().get("id")), "silence");
        });
  }

  // ---- admin ----

  private void create(ServerRequest req, ServerResponse res) {
    admin(req);
    JsonNode b = jsonBody(req);
    Set<String> services = services(b.path("services"));
    Set<String> countries = new LinkedHashSet<>();
    for (JsonNode c : b.path("countries")) {
      String code = c.asText().toUpperCase(Locale.ROOT);
      if (!Countries.isValid(code)) {
        throw bad("'countries': '" + c.asText() + "' is not an ISO 3166-1 alpha-2 code");
      }
      countries.add(code);
    }
    PublicStatus min = severity(b.path("minSeverity").asText("POSSIBLE_PROBLEMS"));
    List<Channel> channels = new ArrayList<>();
    List<String> generated = new ArrayList<>();
    for (JsonNode c : b.path("channels")) {
      String kind = c.path("kind").asText("");
      if (!KINDS.contains(kind)) {
        throw bad("'channels': kind '" + kind + "' is not one of " + String.join(", ", KINDS.stream().sorted().toList()));
      }
      String target = c.path("target").asText("");
      if (target.isBlank()) {
        throw bad("'channels': a " + kind + " channel needs a 'target' (address, URL or chat id)");
      }
      if (!kind.equals("email") && !kind.equals("telegram") && !target.startsWith("https://") && !target.startsWith("http://")) {
        throw bad("'channels': the target of a " + kind + " channel must be an http(s) URL");
      }
      if (kind.equals("email") && !EMAIL.matcher(target).matches()) {
        throw bad("'channels': '" + target + "' is not an e-mail address");
      }
      String secret = c.hasNonNull("secret") ? c.get("secret").asText() : null;
      if (kind.equals("webhook") && secret == null) {
        secret = WebhookChannel.newSecret(); // shown once in the answer, like a token
        generated.add(secret);
      }
      if (kind.equals("telegram") && secret == null) {
        throw bad("'channels': a telegram channel needs the bot token as 'secret'");
      }
      channels.add(new Channel(kind, target, secret));
    }
    if (channels.isEmpty()) {
      throw bad("'channels' must list at least one channel");
    }
    String email = b.hasNonNull("email") ? b.get("email").asText() : null;
    Subscription s = new Subscription(newId(), email, services, countries, min, channels, b.path("confirmed").asBoolean(true),
        vigie.config().clock().instant());
    vigie.storage().subscriptions().put(s);
    Map<String, Object> out = view(s);
    if (!generated.isEmpty()) {
      out.put("webhookSecrets", generated);
    }
    json(res, 201, out);
  }

  private void createWindow(ServerRequest req, ServerResponse res) {
    admin(req);
    JsonNode b = jsonBody(req);
    String service = b.path("service").asText("");
    if (vigie.catalogue().find(service).isEmpty()) {
      throw bad("'service': unknown service '" + service + "'");
    }
    Instant from = instant(b, "startsAt");
    Instant to = instant(b, "endsAt");
    if (!from.isBefore(to)) {
      throw bad("'endsAt' must be after 'startsAt'");
    }
    MaintenanceStore.Window w = new MaintenanceStore.Window(newId(), service, b.path("title").asText("Maintenance"),
        b.hasNonNull("description") ? b.get("description").asText() : null, from, to, vigie.config().clock().instant());
    vigie.storage().maintenance().putWindow(w);
    json(res, 201, w);
  }

  private void createSilence(ServerRequest req, ServerResponse res) {
    admin(req);
    JsonNode b = jsonBody(req);
    String service = b.hasNonNull("service") ? b.get("service").asText() : null;
    if (service != null && vigie.catalogue().find(service).isEmpty()) {
      throw bad("'service': unknown service '" + service + "'");
    }
    Instant from = b.hasNonNull("startsAt") ? instant(b, "startsAt") : vigie.config().clock().instant();
    Instant to = instant(b, "endsAt");
    MaintenanceStore.Silence s = new MaintenanceStore.Silence(newId(), service,
        b.hasNonNull("subscriptionId") ? b.get("subscriptionId").asText() : null, from, to, b.path("comment").asText(""));
    vigie.storage().maintenance().putSilence(s);
    json(res, 201, s);
  }

  // ---- helpers ----

  private Subscription find(ServerRequest req) {
    String id = req.path().pathParameters().get("id");
    return vigie.storage().subscriptions().find(id).orElseThrow(() -> new Problem(404, "Not found", "no subscription '" + id + "'"));
  }

  /** The subscription as the API shows it: channel secrets never leave. */
  static Map<String, Object> view(Subscription s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("email", s.email());
    m.put("services", s.services().stream().sorted().toList());
    m.put("countries", s.countries().stream().sorted().toList());
    m.put("minSeverity", s.minSeverity().name());
    m.put("channels", s.channels().stream().map(c -> {
      Map<String, Object> cm = new LinkedHashMap<>();
      cm.put("kind", c.kind());
      cm.put("target", c.kind().equals("email") || c.kind().equals("telegram") ? c.target() : org.vigie.notify.Secrets.where(c.target()) + "/…");
      cm.put("hasSecret", c.secret() != null);
      return cm;
    }).toList());
    m.put("confirmed", s.confirmed());
    m.put("createdAt", s.createdAt());
    return m;
  }

  private void admin(ServerRequest req) {
    String auth = req.headers().first(HeaderNames.AUTHORIZATION).orElse("");
    if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new Problem(401, "Unauthorized", "this admin resource needs 'Authorization: Bearer <admin token>'");
    }
    String role = vigie.tokens().roleOf(auth.substring(7).trim())
        .orElseThrow(() -> new Problem(401, "Unauthorized", "the token is not known to this Vigie"));
    if (!Tokens.ADMIN.equals(role)) {
      throw new Problem(403, "Forbidden", "this resource needs an admin token");
    }
  }

  private Set<String> services(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode n : array) {
      if (vigie.catalogue().find(n.asText()).isEmpty()) {
        throw bad("'services': unknown service '" + n.asText() + "'; GET /api/v1/services lists them");
      }
      out.add(n.asText());
    }
    if (out.isEmpty()) {
      throw bad("'services' must list at least one service slug");
    }
    return out;
  }

  private static PublicStatus severity(String v) {
    try {
      return PublicStatus.valueOf(v);
    } catch (IllegalArgumentException e) {
      throw bad("'minSeverity' must be POSSIBLE_PROBLEMS or OUTAGE");
    }
  }

  private static Instant instant(JsonNode b, String field) {
    try {
      return Instant.parse(b.path(field).asText(""));
    } catch (DateTimeParseException e) {
      throw bad("'" + field + "' must be an ISO-8601 instant such as 2026-12-01T02:00:00Z");
    }
  }

  private static byte[] body(ServerRequest req) {
    try (InputStream in = req.content().inputStream()) {
      byte[] b = in.readNBytes(MAX_BODY + 1);
      if (b.length > MAX_BODY) {
        throw new Problem(413, "Request too large", "the body exceeds " + MAX_BODY + " bytes");
      }
      return b;
    } catch (IOException e) {
      throw bad("the request body could not be read");
    }
  }

  private static JsonNode jsonBody(ServerRequest req) {
    try {
      JsonNode n = Json.MAPPER.readTree(body(req));
      if (n == null || !n.isObject()) {
        throw bad("the body must be a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw bad("the body is not valid JSON");
    }
  }

  /** A new, unguessable subscription id. */
  public static String newId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return "sub_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static Problem bad(String detail) {
    return new Problem(400, "Bad request", detail);
  }

  private static void removed(ServerResponse res, boolean was, String what) {
    if (!was) {
      throw new Problem(404, "Not found", "no such " + what);
    }
    res.status(Status.NO_CONTENT_204).send();
  }

  private static void json(ServerResponse res, int status, Object body) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "application/json");
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send(Json.bytes(body));
  }
}
