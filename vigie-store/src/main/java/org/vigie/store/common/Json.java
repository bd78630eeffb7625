package org.vigie.store.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Service;

/**
 * JSON for the columns that hold small nested values, in one format for both backends (SQLite TEXT,
 * PostgreSQL jsonb), so data can move between them. Incident parts are mapped by hand rather
 * than by reflection over the core records: the stored format must not change silently when a
 * record component is renamed in core, and instants are kept as epoch milliseconds like every
 * other time column (no extra Jackson module needed). A Service is a configuration document
 * (the same shape as the catalogue file), so it goes through data binding, ignoring properties a
 * later version no longer has.
 */
public final class Json {
  private static final TypeReference<Map<String, Integer>> COUNTS = new TypeReference<>() {};

  private final ObjectMapper mapper =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public String counts(Map<String, Integer> counts) {
    return write(new TreeMap<>(counts)); // sorted: the same tally always gives the same text
  }

  public Map<String, Integer> counts(String json) {
    try {
      return mapper.readValue(json, COUNTS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored indicator counts are not valid JSON: " + json, e);
    }
  }

  public String service(Service service) {
    return write(service);
  }

  public Service service(String json) {
    try {
      return mapper.readValue(json, Service.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored service is not valid: " + e.getOriginalMessage(), e);
    }
  }

  public String countries(List<Incident.CountryShare> shares) {
    ArrayNode array = mapper.createArrayNode();
    for (Incident.CountryShare s : shares) {
      ObjectNode o = array.addObject();
      o.put("country", s.country());
      o.put("reports", s.reports());
      o.put("active", s.active());
      putInstant(o, "since", s.since());
      putInstant(o, "until", s.until());
    }
    return write(array);
  }

  public List<Incident.CountryShare> countries(String json) {
    List<Incident.CountryShare> out = new ArrayList<>();
    for (JsonNode o : tree(json)) {
      out.add(new Incident.CountryShare(text(o, "country"), o.path("reports").asLong(),
          o.path("active").asBoolean(), instant(o, "since"), instant(o, "until")));
    }
    return out;
  }

  public String indicators(List<Incident.IndicatorShare> shares) {
    ArrayNode array = mapper.createArrayNode();
    for (Incident.IndicatorShare s : shares) {
      array.addObject().put("indicator", s.indicator()).put("reports", s.reports());
    }
    return write(array);
  }

  public List<Incident.IndicatorShare> indicators(String json) {
    List<Incident.IndicatorShare> out = new ArrayList<>();
    for (JsonNode o : tree(json)) {
      out.add(new Incident.IndicatorShare(text(o, "indicator"), o.path("reports").asLong()));
    }
    return out;
  }

  public String timeline(List<Incident.TimelineEvent> events) {
    ArrayNode array = mapper.createArrayNode();
    for (Incident.TimelineEvent e : events) {
      ObjectNode o = array.addObject();
      putInstant(o, "at", e.at());
      o.put("kind", e.kind());
      o.put("text", e.text());
    }
    return write(array);
  }

  public List<Incident.TimelineEvent> timeline(String json) {
    List<Incident.TimelineEvent> out = new ArrayList<>();
    for (JsonNode o : tree(json)) {
      out.add(new Incident.TimelineEvent(instant(o, "at"), text(o, "kind"), text(o, "text")));
    }
    return out;
  }

  // The three field helpers below serve NotifyJson too: one JSON convention for times (epoch ms)
  // and absent values in every stored document.
  static void putInstant(ObjectNode o, String field, Instant at) {
    if (at == null) {
      o.putNull(field);
    } else {
      o.put(field, at.toEpochMilli());
    }
  }

  static Instant instant(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : Instant.ofEpochMilli(v.asLong());
  }

  static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private JsonNode tree(String json) {
    try {
      return mapper.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored incident part is not valid JSON: " + json, e);
    }
  }

  private String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
