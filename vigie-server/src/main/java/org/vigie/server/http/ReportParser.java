package org.vigie.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.vigie.core.ingest.NdjsonBatch;
import org.vigie.core.ingest.ReportError;
import org.vigie.core.ingest.ReportInput;

/**
 * Reads report JSON — one object, or NDJSON with one object per line — into {@link ReportInput}s,
 * collecting every syntax and type error with its line and field. Uses Jackson's streaming parser
 * directly: a storm batch holds 10,000 lines and object mapping would double the cost.
 *
 * <p>The batch walk is {@link NdjsonBatch}, shared with the social posts API. The object walk
 * below (start, fields, end, one value only, the same error wording) looks like
 * {@code PostParser}'s too, but it is a dozen lines of Jackson around each API's own field
 * switch: sharing it would need a Jackson-using module under both, and core has no JSON
 * library by design, while vigie-sources is not where the reports API belongs.
 */
final class ReportParser {
  static final List<String> FIELDS =
      List.of("service", "indicator", "country", "subdivision", "city", "lat", "lon", "reporter", "network", "channel", "at");

  private static final JsonFactory FACTORY = new JsonFactory();

  private ReportParser() {}

  /** What was read: the inputs, or the errors (never both non-empty). */
  record Parsed(List<ReportInput> inputs, List<ReportError> errors) {}

  static Parsed single(byte[] body) {
    List<ReportError> errors = new ArrayList<>();
    ReportInput in = line(body, 0, body.length, 1, errors, true);
    return errors.isEmpty() ? new Parsed(List.of(in), List.of()) : new Parsed(List.of(), errors);
  }

  static Parsed ndjson(byte[] body, int maxLines) {
    NdjsonBatch.Parsed<ReportInput> read =
        NdjsonBatch.read(body, maxLines, "report", (b, off, len, lineNo, errors) -> line(b, off, len, lineNo, errors, false));
    return new Parsed(read.values(), read.errors());
  }

  private static ReportInput line(byte[] body, int off, int len, int lineNo, List<ReportError> errors, boolean single) {
    String service = null, indicator = null, country = null, subdivision = null, city = null;
    String reporter = null, network = null, channel = null;
    Double lat = null, lon = null;
    Instant at = null;
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
          case "service" -> service = text(p, v, lineNo, field, errors);
          case "indicator" -> indicator = text(p, v, lineNo, field, errors);
          case "country" -> country = text(p, v, lineNo, field, errors);
          case "subdivision" -> subdivision = text(p, v, lineNo, field, errors);
          case "city" -> city = text(p, v, lineNo, field, errors);
          case "reporter" -> reporter = text(p, v, lineNo, field, errors);
          case "network" -> network = text(p, v, lineNo, field, errors);
          case "channel" -> channel = text(p, v, lineNo, field, errors);
          case "lat" -> lat = number(p, v, lineNo, field, errors);
          case "lon" -> lon = number(p, v, lineNo, field, errors);
          case "at" -> {
            String s = text(p, v, lineNo, field, errors);
            if (s != null) {
              try {
                at = Instant.parse(s);
              } catch (DateTimeParseException e) {
                errors.add(new ReportError(lineNo, field, "'" + s + "' is not an ISO-8601 instant such as 2021-10-04T15:39:00Z"));
              }
            }
          }
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
    return new ReportInput(service, indicator, country, subdivision, city, lat, lon, reporter, network, channel, at);
  }

  private static String text(JsonParser p, JsonToken v, int line, String field, List<ReportError> errors) throws IOException {
    if (v != JsonToken.VALUE_STRING) {
      errors.add(new ReportError(line, field, "must be a string"));
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static Double number(JsonParser p, JsonToken v, int line, String field, List<ReportError> errors) throws IOException {
    if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
      errors.add(new ReportError(line, field, "must be a number"));
      p.skipChildren();
      return null;
    }
    return p.getDoubleValue();
  }
}
