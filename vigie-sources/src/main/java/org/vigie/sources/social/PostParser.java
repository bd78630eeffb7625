package org.vigie.sources.social;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.vigie.core.ingest.NdjsonBatch;
import org.vigie.core.ingest.ReportError;

/**
 * Reads posts sent to {@code POST /api/v1/mentions} — one JSON object, or NDJSON with one object a
 * line — collecting every error with its line and field, the way the reports API does: a batch is
 * all-or-nothing ({@link NdjsonBatch} walks the lines for both). Fields: {@code id}, {@code text},
 * {@code lang} (optional), {@code created_at} (ISO-8601), {@code author}, {@code source}, and
 * optionally {@code author_home}, {@code author_since}. Unknown fields are refused so a typo is
 * not silently ignored.
 */
public final class PostParser {
  /** Most posts one request may carry. */
  public static final int MAX_BATCH = 10_000;

  /** Longest text accepted; posts are short everywhere (Mastodon's default is 500 characters). */
  public static final int MAX_TEXT = 10_000;

  static final List<String> FIELDS = List.of("id", "text", "lang", "created_at", "author", "source", "author_home", "author_since");
  private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9.:_-]{0,99}");
  private static final JsonFactory FACTORY = new JsonFactory();

  private PostParser() {}

  /** The posts, or the errors (never both non-empty). */
  public record Parsed(List<Post> posts, List<ReportError> errors) {}

  public static Parsed single(byte[] body) {
    List<ReportError> errors = new ArrayList<>();
    Post p = line(body, 0, body.length, 1, errors, true);
    return errors.isEmpty() && p != null ? new Parsed(List.of(p), List.of()) : new Parsed(List.of(), errors);
  }

  public static Parsed ndjson(byte[] body) {
    NdjsonBatch.Parsed<Post> read =
        NdjsonBatch.read(body, MAX_BATCH, "post", (b, off, len, lineNo, errors) -> line(b, off, len, lineNo, errors, false));
    return new Parsed(read.values(), read.errors());
  }

  private static Post line(byte[] body, int off, int len, int lineNo, List<ReportError> errors, boolean single) {
    String id = null, text = null, lang = null, author = null, source = null, home = null;
    Instant created = null, since = null;
    int before = errors.size();
    try (JsonParser p = FACTORY.createParser(body, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        errors.add(new ReportError(lineNo, null, single ? "the body must be one JSON object" : "each line must be one JSON object"));
        return null;
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (field) {
          case "id" -> {
            if (v == JsonToken.VALUE_NUMBER_INT) {
              id = p.getText();
            } else {
              id = text(p, v, lineNo, field, errors);
            }
          }
          case "text" -> text = text(p, v, lineNo, field, errors);
          case "lang" -> lang = text(p, v, lineNo, field, errors);
          case "author" -> author = text(p, v, lineNo, field, errors);
          case "source" -> source = text(p, v, lineNo, field, errors);
          case "author_home" -> home = text(p, v, lineNo, field, errors);
          case "created_at" -> created = instant(text(p, v, lineNo, field, errors), lineNo, field, errors);
          case "author_since" -> since = instant(text(p, v, lineNo, field, errors), lineNo, field, errors);
          default -> {
            errors.add(new ReportError(lineNo, field, "unknown field; expected one of " + FIELDS));
            p.skipChildren();
          }
        }
      }
      if (t != JsonToken.END_OBJECT) {
        errors.add(new ReportError(lineNo, null, "malformed JSON object"));
      } else if (p.nextToken() != null) {
        errors.add(new ReportError(lineNo, null, single ? "the body holds more than one JSON value; send NDJSON as application/x-ndjson" : "more than one JSON value on the line"));
      }
    } catch (JsonParseException e) {
      errors.add(new ReportError(lineNo, null, "malformed JSON at column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage()));
    } catch (IOException e) {
      errors.add(new ReportError(lineNo, null, "unreadable JSON: " + e.getMessage()));
    }
    if (errors.size() > before) {
      return null;
    }
    require(id, "id", "the post's id on its network", lineNo, errors);
    require(text, "text", "the post's text", lineNo, errors);
    require(author, "author", "an opaque, stable author identity", lineNo, errors);
    require(source, "source", "where the post comes from, such as bluesky or mastodon:mastodon.social", lineNo, errors);
    if (created == null && errors.size() == before) {
      errors.add(new ReportError(lineNo, "created_at", "is required (ISO-8601, such as 2021-10-04T15:39:00Z)"));
    }
    if (text != null && text.length() > MAX_TEXT) {
      errors.add(new ReportError(lineNo, "text", "is longer than " + MAX_TEXT + " characters"));
    }
    if (id != null && (id.isEmpty() || id.length() > 200)) {
      errors.add(new ReportError(lineNo, "id", "must be 1 to 200 characters"));
    }
    if (author != null && (author.isBlank() || author.length() > 300)) {
      errors.add(new ReportError(lineNo, "author", "must be 1 to 300 characters"));
    }
    if (source != null && !SOURCE.matcher(source).matches()) {
      errors.add(new ReportError(lineNo, "source", "must be a short lower-case name such as bluesky or mastodon:mastodon.social"));
    }
    if (lang != null && lang.length() > 35) {
      errors.add(new ReportError(lineNo, "lang", "is not a language tag"));
    }
    if (errors.size() > before) {
      return null;
    }
    return new Post(id, text, lang, created, author, source, home, since);
  }

  private static void require(String v, String field, String what, int lineNo, List<ReportError> errors) {
    if (v == null) {
      errors.add(new ReportError(lineNo, field, "is required: " + what));
    }
  }

  private static Instant instant(String s, int lineNo, String field, List<ReportError> errors) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      errors.add(new ReportError(lineNo, field, "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "' is not an ISO-8601 instant such as 2021-10-04T15:39:00Z"));
      return null;
    }
  }

  private static String text(JsonParser p, JsonToken v, int line, String field, List<ReportError> errors) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      errors.add(new ReportError(line, field, "must be a string"));
      p.skipChildren();
      return null;
    }
    return p.getText();
  }
}
