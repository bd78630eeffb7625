package org.vigie.sources.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Mastodon's Status entity (REST timelines and the streaming API's {@code update} payload) to a
 * {@link Post}. Boosts are skipped (the booster did not write it; the original is counted when
 * it is seen), and so are statuses without an id, account or date. The HTML {@code content} is
 * reduced to text: tags dropped, {@code <br>} and paragraph ends as line breaks, entities decoded.
 */
final class MastodonStatuses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MastodonStatuses() {}

  /** The post, or null when the status is not one to count or is malformed. */
  static Post parse(String json, String instance) {
    JsonNode s;
    try {
      s = JSON.readTree(json);
    } catch (IOException e) {
      return null;
    }
    return fromNode(s, instance);
  }

  static Post fromNode(JsonNode s, String instance) {
    if (s == null || !s.isObject() || (s.hasNonNull("reblog") && s.get("reblog").isObject())) {
      return null;
    }
    String id = s.path("id").asText(null);
    JsonNode account = s.path("account");
    String acct = account.path("acct").asText(null);
    Instant created = instant(s.path("created_at").asText(null));
    if (id == null || id.isEmpty() || acct == null || acct.isEmpty() || created == null) {
      return null;
    }
    int at = acct.indexOf('@');
    String home = at < 0 ? instance : acct.substring(at + 1);
    String author = at < 0 ? acct + "@" + instance : acct;
    String text = htmlToText(s.path("content").asText(""));
    String spoiler = s.path("spoiler_text").asText("");
    if (!spoiler.isEmpty()) {
      text = spoiler + "\n" + text;
    }
    String lang = s.path("language").isTextual() ? s.path("language").asText() : null;
    return new Post(id, text, lang, created, author, "mastodon:" + instance, home, instant(account.path("created_at").asText(null)));
  }

  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      try {
        // Older servers send account creation as a bare date.
        return java.time.LocalDate.parse(s).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  static String htmlToText(String html) {
    StringBuilder out = new StringBuilder(html.length());
    int i = 0;
    int n = html.length();
    while (i < n) {
      char c = html.charAt(i);
      if (c == '<') {
        int end = html.indexOf('>', i);
        if (end < 0) {
          break;
        }
        String tag = html.substring(i + 1, end).toLowerCase(java.util.Locale.ROOT);
        if (tag.startsWith("br") || tag.equals("/p")) {
          out.append('\n');
        }
        i = end + 1;
      } else if (c == '&') {
        int end = html.indexOf(';', i);
        if (end < 0 || end - i > 10) {
          out.append(c);
          i++;
          continue;
        }
        String ent = html.substring(i + 1, end);
        String rep = switch (ent) {
          case "amp" -> "&";
          case "lt" -> "<";
          case "gt" -> ">";
          case "quot" -> "\"";
          case "apos", "#39" -> "'";
          case "nbsp" -> " ";
          default -> numeric(ent);
        };
        if (rep == null) {
          out.append(c);
          i++;
        } else {
          out.append(rep);
          i = end + 1;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString().strip();
  }

  private static String numeric(String ent) {
    try {
      int cp;
      if (ent.startsWith("#x") || ent.startsWith("#X")) {
        cp = Integer.parseInt(ent.substring(2), 16);
      } else if (ent.startsWith("#")) {
        cp = Integer.parseInt(ent.substring(1));
      } else {
        return null;
      }
      return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
