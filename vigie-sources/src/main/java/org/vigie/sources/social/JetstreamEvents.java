package org.vigie.sources.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Bluesky Jetstream's JSON events to {@link Post}s. Only {@code kind: "commit"} events creating an
 * {@code app.bsky.feed.post} record are posts; identity and account events, updates and deletes
 * are not. The post's id is {@code did/rkey} (its AT-URI path), the author its DID; Jetstream does
 * not say how old an account is. {@code time_us} is the stream's cursor.
 */
final class JetstreamEvents {
  private static final ObjectMapper JSON = new ObjectMapper();

  private JetstreamEvents() {}

  /** A parsed event: the post (or null when the event is not a new post) and its cursor (or -1). */
  record Event(Post post, long timeUs) {}

  static Event parse(String json) {
    JsonNode e;
    try {
      e = JSON.readTree(json);
    } catch (IOException ex) {
      return new Event(null, -1);
    }
    if (e == null || !e.isObject()) {
      return new Event(null, -1);
    }
    long timeUs = e.path("time_us").isIntegralNumber() ? e.path("time_us").asLong() : -1;
    if (!"commit".equals(e.path("kind").asText())) {
      return new Event(null, timeUs);
    }
    JsonNode commit = e.path("commit");
    if (!"create".equals(commit.path("operation").asText()) || !"app.bsky.feed.post".equals(commit.path("collection").asText())) {
      return new Event(null, timeUs);
    }
    String did = e.path("did").asText(null);
    String rkey = commit.path("rkey").asText(null);
    JsonNode record = commit.path("record");
    String text = record.path("text").isTextual() ? record.path("text").asText() : null;
    if (did == null || did.isEmpty() || rkey == null || rkey.isEmpty() || text == null) {
      return new Event(null, timeUs);
    }
    Instant created = null;
    if (record.path("createdAt").isTextual()) {
      try {
        created = Instant.parse(record.path("createdAt").asText());
      } catch (DateTimeParseException ex) {
        created = null;
      }
    }
    if (created == null) {
      if (timeUs < 0) {
        return new Event(null, timeUs);
      }
      created = Instant.EPOCH.plusNanos(timeUs * 1000);
    }
    JsonNode langs = record.path("langs");
    String lang = langs.isArray() && !langs.isEmpty() && langs.get(0).isTextual() ? langs.get(0).asText() : null;
    return new Event(new Post(did + "/" + rkey, text, lang, created, did, "bluesky", null, null), timeUs);
  }
}
