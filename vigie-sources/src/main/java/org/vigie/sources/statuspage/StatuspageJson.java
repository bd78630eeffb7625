package org.vigie.sources.statuspage;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads Atlassian Statuspage v2 JSON ({@code summary.json}, {@code incidents.json},
 * {@code scheduled-maintenances.json}) the way real pages write it:
 *
 * <ul>
 *   <li>timestamps in UTC ({@code Z}, milliseconds) or with the page's local offset
 *       ({@code -08:00}), both turned into instants; an unreadable one becomes null, not an error;
 *   <li>enum values Vigie does not know read as UNKNOWN, keeping the raw spelling;
 *   <li>sentinel components ("Visit www.githubstatus.com for more information") are dropped;
 *   <li>the list endpoints return at most 50 items, which {@link StatusPage.Incidents#capped} says.
 * </ul>
 *
 * Only a document that is not JSON, or not an object with the expected arrays, is refused, with
 * {@link StatusPageFormatException}; no other exception leaves this class.
 */
public final class StatuspageJson {
  /** Most items the Statuspage list endpoints return. */
  public static final int LIST_CAP = 50;

  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxStringLength(1 << 20).build());
  }

  /** "Visit www.example.com for more information" and its kin: links disguised as components. */
  private static final Pattern SENTINEL =
      Pattern.compile("(?i)^\\s*(visit|see|go to|check)\\b.*(more information|more info|for details|for updates|status page)\\s*\\.?\\s*$");

  private StatuspageJson() {}

  public static StatusPage.Summary summary(byte[] json) {
    JsonNode root = read(json);
    StatusPage.Page page = page(root.get("page"));
    List<StatusPage.Component> components = new ArrayList<>();
    for (JsonNode c : array(root, "components", true)) {
      StatusPage.Component comp = component(c);
      if (comp != null && !isSentinel(comp)) {
        components.add(comp);
      }
    }
    JsonNode status = root.path("status");
    return new StatusPage.Summary(page, text(status, "indicator"), text(status, "description"), List.copyOf(components),
        incidents(array(root, "incidents", false)), incidents(array(root, "scheduled_maintenances", false)));
  }

  public static StatusPage.Incidents incidents(byte[] json) {
    return list(json, "incidents");
  }

  public static StatusPage.Incidents maintenances(byte[] json) {
    return list(json, "scheduled_maintenances");
  }

  private static StatusPage.Incidents list(byte[] json, String field) {
    JsonNode root = read(json);
    JsonNode items = array(root, field, true);
    return new StatusPage.Incidents(page(root.get("page")), incidents(items), items.size() >= LIST_CAP);
  }

  /** Whether a component is a link posing as a component rather than something that can fail. */
  public static boolean isSentinel(StatusPage.Component c) {
    return c.name() != null && SENTINEL.matcher(c.name()).matches();
  }

  private static JsonNode read(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new StatusPageFormatException("not JSON: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new StatusPageFormatException("unreadable: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new StatusPageFormatException("not a Statuspage document: the top level is not a JSON object");
    }
    return root;
  }

  private static JsonNode array(JsonNode root, String field, boolean required) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new StatusPageFormatException("not a Statuspage document: no '" + field + "' array");
      }
      return MAPPER.createArrayNode();
    }
    if (!n.isArray()) {
      throw new StatusPageFormatException("'" + field + "' is not an array");
    }
    return n;
  }

  private static StatusPage.Page page(JsonNode p) {
    if (p == null || !p.isObject()) {
      return new StatusPage.Page(null, null, null, null, null);
    }
    return new StatusPage.Page(text(p, "id"), text(p, "name"), text(p, "url"), text(p, "time_zone"), instant(p, "updated_at"));
  }

  private static StatusPage.Component component(JsonNode c) {
    if (!c.isObject()) {
      return null;
    }
    String raw = text(c, "status");
    return new StatusPage.Component(text(c, "id"), text(c, "name"), ComponentStatus.of(raw), raw, text(c, "group_id"),
        c.path("group").asBoolean(false), c.path("showcase").asBoolean(true), text(c, "description"), instant(c, "updated_at"));
  }

  private static List<StatusPage.Incident> incidents(JsonNode items) {
    List<StatusPage.Incident> out = new ArrayList<>(items.size());
    for (JsonNode i : items) {
      if (i.isObject()) {
        out.add(incident(i));
      }
    }
    return List.copyOf(out);
  }

  private static StatusPage.Incident incident(JsonNode i) {
    List<String> componentIds = new ArrayList<>();
    for (JsonNode c : i.path("components")) {
      String id = text(c, "id");
      if (id != null) {
        componentIds.add(id);
      }
    }
    List<StatusPage.Update> updates = new ArrayList<>();
    for (JsonNode u : i.path("incident_updates")) {
      if (!u.isObject()) {
        continue;
      }
      Instant at = instant(u, "display_at");
      if (at == null) {
        at = instant(u, "created_at");
      }
      if (at == null) {
        continue; // an update without a time cannot go on a timeline
      }
      List<StatusPage.AffectedComponent> affected = new ArrayList<>();
      for (JsonNode a : u.path("affected_components")) {
        if (a.isObject()) {
          affected.add(new StatusPage.AffectedComponent(text(a, "code"), text(a, "name"),
              ComponentStatus.of(text(a, "old_status")), ComponentStatus.of(text(a, "new_status"))));
        }
      }
      String raw = text(u, "status");
      updates.add(new StatusPage.Update(text(u, "id"), UpdateStatus.of(raw), raw, text(u, "body"), at, affected));
    }
    // pages list updates newest first; timelines want oldest first
    updates.sort(Comparator.comparing(StatusPage.Update::at));
    String link = text(i, "shortlink");
    return new StatusPage.Incident(text(i, "id"), text(i, "name"), UpdateStatus.of(text(i, "status")), Impact.of(text(i, "impact")),
        instant(i, "created_at"), instant(i, "updated_at"), instant(i, "resolved_at"), instant(i, "scheduled_for"),
        instant(i, "scheduled_until"), link, componentIds, updates);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** An ISO-8601 time with {@code Z} or an offset; null when absent or unreadable. */
  static Instant instant(JsonNode n, String field) {
    String s = text(n, field);
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(s.trim()).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return Instant.parse(s.trim());
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
