package org.vigie.sources.statuspage;

import java.io.ByteArrayInputStream;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads a Statuspage history feed, Atom ({@code /history.atom}) or RSS ({@code /history.rss}).
 * Each entry's HTML content holds one block per update, newest first:
 * {@code <small>Aug <var data-var='date'>21</var>, <var data-var='time'>00:37</var> UTC</small><br><strong>Resolved</strong> - body}.
 * The date has no year: it is the latest date not after the entry's own update time (plus a day
 * of slack), so an entry of 2 January holding a 31 December update lands in the right year.
 *
 * <p>XML is read with DTDs and external entities off. Only a document that is not a feed is
 * refused, with {@link StatusPageFormatException}; a block that cannot be read is skipped.
 */
public final class HistoryFeed {
  private static final Pattern BLOCK = Pattern.compile("<small>(.*?)</small>(.*?)(?=<small>|\\z)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern MONTH = Pattern.compile("^\\s*([A-Za-z]{3})");
  private static final Pattern DATE = Pattern.compile("data-var=['\"]date['\"]>\\s*(\\d{1,2})\\s*<");
  private static final Pattern YEAR = Pattern.compile("data-var=['\"]year['\"]>\\s*(\\d{4})\\s*<");
  private static final Pattern TIME = Pattern.compile("data-var=['\"]time['\"]>\\s*(\\d{1,2}):(\\d{2})\\s*<");
  private static final Pattern LABEL = Pattern.compile("<strong>(.*?)</strong>\\s*-?\\s*(.*)", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern NUMERIC_ID = Pattern.compile("(\\d+)\\s*$");
  private static final Pattern CODE = Pattern.compile("/incidents/([A-Za-z0-9]+)");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Map<String, Month> MONTHS = new HashMap<>();

  /** Most entries read from one feed; real feeds hold 25. */
  static final int MAX_ENTRIES = 500;

  static {
    for (Month m : Month.values()) {
      MONTHS.put(m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT), m);
    }
  }

  private HistoryFeed() {}

  /** One update inside an entry. */
  public record Update(UpdateStatus status, String label, Instant at, String body) {}

  /**
   * One incident of the feed; updates oldest first.
   *
   * @param incidentId the numeric id of the entry's tag ({@code Incident/31233568})
   * @param code the 12-character incident code of its link, as in the JSON API
   */
  public record Entry(String incidentId, String code, String title, String link, Instant published, Instant updated,
      List<Update> updates) {}

  public static List<Entry> parse(byte[] xml) {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    List<Entry> out = new ArrayList<>();
    try {
      XMLStreamReader r = f.createXMLStreamReader(new ByteArrayInputStream(xml));
      boolean feed = false;
      Map<String, String> fields = null;
      String current = null;
      StringBuilder text = new StringBuilder();
      while (r.hasNext()) {
        int ev = r.next();
        if (ev == XMLStreamConstants.START_ELEMENT) {
          String name = r.getLocalName();
          if (!feed) {
            if (!name.equals("feed") && !name.equals("rss")) {
              throw new StatusPageFormatException("not an Atom or RSS feed: the root is <" + name + ">");
            }
            feed = true;
          } else if (name.equals("entry") || name.equals("item")) {
            fields = new HashMap<>();
          } else if (fields != null) {
            current = name;
            text.setLength(0);
            if (name.equals("link") && r.getAttributeValue(null, "href") != null) {
              fields.put("link", r.getAttributeValue(null, "href"));
            }
          }
        } else if (ev == XMLStreamConstants.CHARACTERS || ev == XMLStreamConstants.CDATA || ev == XMLStreamConstants.SPACE) {
          if (current != null && text.length() < (1 << 20)) {
            text.append(r.getText());
          }
        } else if (ev == XMLStreamConstants.ENTITY_REFERENCE) {
          // undeclared entities are not expanded; keep them as text
          if (current != null) {
            text.append('&').append(r.getLocalName()).append(';');
          }
        } else if (ev == XMLStreamConstants.END_ELEMENT) {
          String name = r.getLocalName();
          if (fields != null && (name.equals("entry") || name.equals("item"))) {
            if (out.size() < MAX_ENTRIES) {
              out.add(entry(fields));
            }
            fields = null;
          } else if (fields != null && name.equals(current)) {
            if (!(name.equals("link") && fields.containsKey("link"))) {
              fields.putIfAbsent(name, text.toString());
            }
            current = null;
          }
        }
      }
      if (!feed) {
        throw new StatusPageFormatException("not an Atom or RSS feed: empty document");
      }
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof StatusPageFormatException s) {
        throw s;
      }
      throw new StatusPageFormatException("not a readable feed: " + e.getMessage(), e);
    }
    return List.copyOf(out);
  }

  private static Entry entry(Map<String, String> f) {
    String id = f.getOrDefault("id", f.get("guid"));
    String numeric = null;
    if (id != null) {
      Matcher m = NUMERIC_ID.matcher(id);
      numeric = m.find() ? m.group(1) : null;
    }
    String link = f.get("link");
    String code = null;
    if (link != null) {
      Matcher m = CODE.matcher(link);
      code = m.find() ? m.group(1) : null;
    }
    Instant published = time(f.getOrDefault("published", f.get("pubDate")));
    Instant updated = time(f.get("updated"));
    Instant reference = updated != null ? updated : published;
    String content = f.getOrDefault("content", f.getOrDefault("description", ""));
    List<Update> updates = new ArrayList<>();
    if (reference != null) {
      Matcher b = BLOCK.matcher(content);
      while (b.find()) {
        Update u = update(b.group(1), b.group(2), reference);
        if (u != null) {
          updates.add(u);
        }
      }
    }
    updates.sort(Comparator.comparing(Update::at));
    String title = f.get("title");
    return new Entry(numeric, code, title == null ? null : title.strip(), link, published, updated, List.copyOf(updates));
  }

  private static Update update(String small, String rest, Instant reference) {
    Matcher mm = MONTH.matcher(small);
    Matcher dm = DATE.matcher(small);
    Matcher tm = TIME.matcher(small);
    if (!mm.find() || !dm.find() || !tm.find()) {
      return null;
    }
    Month month = MONTHS.get(mm.group(1).toLowerCase(Locale.ROOT));
    if (month == null) {
      return null;
    }
    int day = Integer.parseInt(dm.group(1));
    int hour = Integer.parseInt(tm.group(1));
    int minute = Integer.parseInt(tm.group(2));
    if (hour > 23 || minute > 59) {
      return null;
    }
    Matcher ym = YEAR.matcher(small);
    Instant at = ym.find()
        ? at(Integer.parseInt(ym.group(1)), month, day, hour, minute)
        : inferYear(month, day, hour, minute, reference);
    if (at == null) {
      return null;
    }
    Matcher lm = LABEL.matcher(rest);
    String label = "";
    String body;
    if (lm.find()) {
      label = plain(lm.group(1));
      body = plain(lm.group(2));
    } else {
      body = plain(rest);
    }
    return new Update(UpdateStatus.of(label), label, at, body);
  }

  /** The latest date with this month and day that is not after the reference plus a day of slack. */
  static Instant inferYear(Month month, int day, int hour, int minute, Instant reference) {
    Instant limit = reference.plus(Duration.ofDays(1));
    int year = reference.atOffset(ZoneOffset.UTC).getYear();
    for (int y = year + 1; y >= year - 4; y--) {
      Instant t = at(y, month, day, hour, minute);
      if (t != null && !t.isAfter(limit)) {
        return t;
      }
    }
    return null;
  }

  private static Instant at(int year, Month month, int day, int hour, int minute) {
    try {
      return LocalDate.of(year, month, day).atTime(LocalTime.of(hour, minute)).toInstant(ZoneOffset.UTC);
    } catch (DateTimeException e) {
      return null; // 29 February in a common year, 31 April…
    }
  }

  private static String plain(String html) {
    String s = TAG.matcher(html).replaceAll(" ");
    s = s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&apos;", "'")
        .replace("&nbsp;", " ").replace("&amp;", "&");
    return s.replaceAll("\\s+", " ").strip();
  }

  private static Instant time(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    String t = s.strip();
    try {
      return OffsetDateTime.parse(t).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
