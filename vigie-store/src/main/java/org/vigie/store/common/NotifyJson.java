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
      channels.add(new SubscriptionStore.Channel(c.path("kind").asText(), c.path("target").asText(), text(c, "secret")));
    }
    return new SubscriptionStore.Subscription(
        o.path("id").asText(), text(o, "email"), strings(o.path("services")), strings(o.path("countries")),
        PublicStatus.valueOf(o.path("minSeverity").asText()), channels, o.path("confirmed").asBoolean(),
        Instant.ofEpochMilli(o.path("createdAt").asLong()));
  }

  public String incident(Incident i) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", i.id());
    o.put("service", i.service());
    put(o, "startedAt", i.startedAt());
    put(o, "detectedAt", i.detectedAt());
    put(o, "resolvedAt", i.resolvedAt());
    o.put("severity", i.severity() == null ? null : i.severity().name());
    o.put("current", i.current() == null ? null : i.current().name());
    o.put("peakPerMinute", i.peakPerMinute());
    put(o, "peakAt", i.peakAt());
    o.put("totalReports", i.totalReports());
    o.set("countries", tree(parts.countries(i.countries())));
    o.set("indicators", tree(parts.indicators(i.indicators())));
    o.set("timeline", tree(parts.timeline(i.timeline())));
    o.put("group", i.group());
    return write(o);
  }

  public Incident incident(String json) {
    JsonNode o = tree(json);
    return new Incident(o.path("id").asLong(), o.path("service").asText(), instant(o, "startedAt"),
        instant(o, "detectedAt"), instant(o, "resolvedAt"), status(o, "severity"), status(o, "current"),
        o.path("peakPerMinute").asInt(), instant(o, "peakAt"), o.path("totalReports").asLong(),
        parts.countries(o.path("countries").toString()), parts.indicators(o.path("indicators").toString()),
        parts.timeline(o.path("timeline").toString()), text(o, "group"));
  }

  public String window(MaintenanceStore.Window w) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", w.id());
    o.put("service", w.service());
    o.put("title", w.title());
    o.put("description", w.description());
    put(o, "startsAt", w.startsAt());
    put(o, "endsAt", w.endsAt());
    put(o, "createdAt", w.createdAt());
    return write(o);
  }

  public MaintenanceStore.Window window(String json) {
    JsonNode o = tree(json);
    return new MaintenanceStore.Window(o.path("id").asText(), o.path("service").asText(), text(o, "title"),
        text(o, "description"), instant(o, "startsAt"), instant(o, "endsAt"), instant(o, "createdAt"));
  }

  public String silence(MaintenanceStore.Silence s) {
    ObjectNode o = mapper.createObjectNode();
    o.put("id", s.id());
    o.put("service", s.service());
    o.put("subscriptionId", s.subscriptionId());
    put(o, "startsAt", s.startsAt());
    put(o, "endsAt", s.endsAt());
    o.put("comment", s.comment());
    return write(o);
  }

  public MaintenanceStore.Silence silence(String json) {
    JsonNode o = tree(json);
    return new MaintenanceStore.Silence(o.path("id").asText(), text(o, "service"), text(o, "subscriptionId"),
        instant(o, "startsAt"), instant(o, "endsAt"), text(o, "comment"));
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new LinkedHashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static PublicStatus status(JsonNode o, String field) {
    String t = text(o, field);
    return t == null ? null : PublicStatus.valueOf(t);
  }

  private static void put(ObjectNode o, String field, Instant at) {
    if (at == null) {
      o.putNull(field);
    } else {
      o.put(field, at.toEpochMilli());
    }
  }

  private static Instant instant(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

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
