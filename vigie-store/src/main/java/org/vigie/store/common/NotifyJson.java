package org.vigie.store.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.MaintenanceStore;
import org.vigie.core.storage.SubscriptionStore;

/**
 * JSON for the notification documents, mapped by hand for the reason {@link Json} gives: the
 * stored format must not change when a core record is renamed. Instants are epoch milliseconds.
 * Shared by both backends (SQLite TEXT, PostgreSQL jsonb), so the documents have one format.
 */
public final class NotifyJson {
  private final ObjectMapper mapper = new ObjectMapper();
  private final Json parts;

  public NotifyJson(Json parts) {
    this.parts = parts;
  }

  public String subscription(SubscriptionStore.Subscription s) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", s.id());
    o.put("email", s.email());
    ArrayNode services = o.putArray("services");
    new TreeSet<>(s.services()).forEach(services::add);
    ArrayNode countries = o.putArray("countries");
    new TreeSet<>(s.countries()).forEach(countries::add);
    o.put("minSeverity", s.minSeverity().name());
    ArrayNode channels = o.putArray("channels");
    for (SubscriptionStore.Channel c : s.channels()) {
      channels.addObject().put("kind", c.kind()).put("target", c.target()).put("secret", c.secret());
    }
    o.put("confirmed", s.confirmed());
    o.put("createdAt", s.createdAt().toEpochMilli());
    return write(o);
  }

  public SubscriptionStore.Subscription subscription(String json) {
    JsonNode o = tree(json);
    List<SubscriptionStore.Channel> channels = new ArrayList<>();
    for (JsonNode c : o.path("channels")) {
      channels.add(new SubscriptionStore.Channel(c.path("kind").asText(), c.path("target").asText(), Json.text(c, "secret")));
    }
    return new SubscriptionStore.Subscription(
        o.path("id").asText(), Json.text(o, "email"), strings(o.path("services")), strings(o.path("countries")),
        PublicStatus.valueOf(o.path("minSeverity").asText()), channels, o.path("confirmed").asBoolean(),
        Instant.ofEpochMilli(o.path("createdAt").asLong()));
  }

  public String incident(Incident i) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", i.id());
    o.put("service", i.service());
    Json.putInstant(o, "startedAt", i.startedAt());
    Json.putInstant(o, "detectedAt", i.detectedAt());
    Json.putInstant(o, "resolvedAt", i.resolvedAt());
    o.put("severity", i.severity() == null ? null : i.severity().name());
    o.put("current", i.current() == null ? null : i.current().name());
    o.put("peakPerMinute", i.peakPerMinute());
    Json.putInstant(o, "peakAt", i.peakAt());
    o.put("totalReports", i.totalReports());
    o.set("countries", tree(parts.countries(i.countries())));
    o.set("indicators", tree(parts.indicators(i.indicators())));
    o.set("timeline", tree(parts.timeline(i.timeline())));
    o.put("group", i.group());
    return write(o);
  }

  public Incident incident(String json) {
    JsonNode o = tree(json);
    return new Incident(o.path("id").asLong(), o.path("service").asText(), Json.instant(o, "startedAt"),
        Json.instant(o, "detectedAt"), Json.instant(o, "resolvedAt"), status(o, "severity"), status(o, "current"),
        o.path("peakPerMinute").asInt(), Json.instant(o, "peakAt"), o.path("totalReports").asLong(),
        parts.countries(o.path("countries").toString()), parts.indicators(o.path("indicators").toString()),
        parts.timeline(o.path("timeline").toString()), Json.text(o, "group"));
  }

  public String window(MaintenanceStore.Window w) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", w.id());
    o.put("service", w.service());
    o.put("title", w.title());
    o.put("description", w.description());
    Json.putInstant(o, "startsAt", w.startsAt());
    Json.putInstant(o, "endsAt", w.endsAt());
    Json.putInstant(o, "createdAt", w.createdAt());
    return write(o);
  }

  public MaintenanceStore.Window window(String json) {
    JsonNode o = tree(json);
    return new MaintenanceStore.Window(o.path("id").asText(), o.path("service").asText(), Json.text(o, "title"),
        Json.text(o, "description"), Json.instant(o, "startsAt"), Json.instant(o, "endsAt"), Json.instant(o, "createdAt"));
  }

  public String silence(MaintenanceStore.Silence s) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", s.id());
    o.put("service", s.service());
    o.put("subscriptionId", s.subscriptionId());
    Json.putInstant(o, "startsAt", s.startsAt());
    Json.putInstant(o, "endsAt", s.endsAt());
    o.put("comment", s.comment());
    return write(o);
  }

  public MaintenanceStore.Silence silence(String json) {
    JsonNode o = tree(json);
    return new MaintenanceStore.Silence(o.path("id").asText(), Json.text(o, "service"), Json.text(o, "subscriptionId"),
        Json.instant(o, "startsAt"), Json.instant(o, "endsAt"), Json.text(o, "comment"));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static PublicStatus status(JsonNode o, String field) {
    String t = Json.text(o, field);
    return t == null ? null : PublicStatus.valueOf(t);
  }

  // Not Json.tree: these documents hold channel secrets, so the error does not echo the text.
  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored notification document is not valid JSON", e);
    }
  }

  private String write(JsonNode node) {
    try {
      return mapper.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write JSON", e);
    }
  }
}
