package org.vigie.server.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Countries;

/** Pieces several pages share: the map, incident timelines, country names. */
final class Fragments {
  private static final Map<String, String> NAMES = new ConcurrentHashMap<>();

  private Fragments() {}

  static String country(String code, Lang lang) {
    return NAMES.computeIfAbsent(lang.code() + code, k -> Countries.name(code, lang.code()));
  }

  /**
   * The world map, each country a path colored by its level, with its count in a tooltip. When
   * {@code linkTemplate} is set, countries with reports link to it ({@code {cc}} replaced).
   */
  static void map(Html h, WorldMap map, List<RecentTallies.CountryCount> counts, Lang lang, String label, String linkTemplate) {
    Messages m = Messages.of(lang);
    Map<String, RecentTallies.CountryCount> by = new java.util.HashMap<>();
    for (RecentTallies.CountryCount c : counts) {
      by.put(c.country(), c);
    }
    // A picture, unless countries link somewhere: an image's insides are hidden from assistive
    // technology, so links inside one could not be reached (axe: nested-interactive).
    h.raw("<svg class=\"world\" id=\"world\"").attr("viewBox", map.viewBox()).attr("role", linkTemplate == null ? "img" : "group")
        .attr("aria-label", label).raw(">");
    for (Map.Entry<String, String> e : map.paths().entrySet()) {
      String cc = e.getKey();
      RecentTallies.CountryCount c = by.get(cc);
      int level = c == null ? 0 : MapData.level(c);
      long n = c == null ? 0 : c.reports();
      boolean link = linkTemplate != null && n > 0;
      if (link) {
        h.raw("<a").attr("href", linkTemplate.replace("{cc}", cc)).raw(">");
      }
      h.raw("<path data-cc=\"").raw(cc).raw("\" class=\"l").num(level).raw("\" d=\"").raw(e.getValue()).raw("\"><title>")
          .text(country(cc, lang)).raw(": ").text(m.t("map.tip", Layout.number(n, lang))).raw("</title></path>");
      if (link) {
        h.raw("</a>");
      }
    }
    h.raw("</svg>");
    legend(h, m);
  }

  static void legend(Html h, Messages m) {
    h.raw("<ul class=\"legend\">");
    for (int i = 0; i <= 4; i++) {
      h.raw("<li><svg aria-hidden=\"true\" viewBox=\"0 0 10 10\" width=\"12\" height=\"12\"><rect width=\"10\" height=\"10\" class=\"l").num(i)
          .raw("\"/></svg> ").text(m.t("map.level." + i)).raw("</li>");
    }
    h.raw("</ul>");
  }

  /** The top countries as a table: the map's content as text. */
  static void countryTable(Html h, List<RecentTallies.CountryCount> counts, Lang lang, int limit, String linkTemplate) {
    Messages m = Messages.of(lang);
    if (counts.isEmpty()) {
      h.raw("<p class=\"muted\" id=\"country-none\">").text(m.t("map.none")).raw("</p>");
    }
    h.raw("<table class=\"countries\" id=\"country-table\"><caption>").text(m.t("map.table.caption")).raw("</caption><thead><tr><th scope=\"col\">")
        .text(m.t("map.table.country")).raw("</th><th scope=\"col\" class=\"num\">").text(m.t("map.table.reports"))
        .raw("</th><th scope=\"col\">").text(m.t("map.table.level")).raw("</th></tr></thead><tbody>");
    int i = 0;
    for (RecentTallies.CountryCount c : counts) {
      if (i++ == limit) {
        break;
      }
      h.raw("<tr data-cc=\"").text(c.country()).raw("\"><td>");
      if (linkTemplate != null) {
        h.raw("<a").attr("href", linkTemplate.replace("{cc}", c.country())).attr("data-cc", c.country()).raw(">").text(country(c.country(), lang)).raw("</a>");
      } else {
        h.text(country(c.country(), lang));
      }
      h.raw("</td><td class=\"num\">").text(Layout.number(c.reports(), lang)).raw("</td><td>").text(m.t("map.level." + MapData.level(c)))
          .raw("</td></tr>");
    }
    h.raw("</tbody></table>");
  }

  /** An incident's timeline, kinds in the reader's language. */
  static void timeline(Html h, Incident i, Lang lang) {
    Messages m = Messages.of(lang);
    h.raw("<ol class=\"timeline\">");
    for (Incident.TimelineEvent e : i.timeline()) {
      h.raw("<li class=\"ev ").text(e.kind()).raw("\">");
      Layout.time(h, e.at(), lang);
      h.raw(" <strong>").text(kind(e.kind(), m)).raw("</strong> ");
      switch (e.kind()) {
        case "countries-joined", "countries-left" -> {
          String list = e.text().contains(":") ? e.text().substring(e.text().indexOf(':') + 1) : e.text();
          StringBuilder names = new StringBuilder();
          for (String code : list.split(",")) {
            String c = code.trim().toUpperCase(Locale.ROOT);
            if (!c.isEmpty()) {
              names.append(names.isEmpty() ? "" : ", ").append(Countries.isValid(c) ? country(c, lang) : c);
            }
          }
          h.text(names);
        }
        case "opened" -> h.text(opened(e.text(), i, lang, m));
        case "resolved" -> h.text(i.resolvedAt() == null ? e.text() : m.t("timeline.after", Layout.duration(Duration.between(i.startedAt(), i.resolvedAt()))));
        case "escalated" -> {
          String label = e.text();
          for (org.vigie.core.model.PublicStatus ps : org.vigie.core.model.PublicStatus.values()) {
            if (ps.label("en").equals(e.text())) {
              label = m.t("status." + ps.name());
            }
          }
          h.text(label);
        }
        default -> h.raw("<span").attr("lang", "en").raw(">").text(e.text()).raw("</span>");
      }
      h.raw("</li>");
    }
    h.raw("</ol>");
  }

  private static final java.util.regex.Pattern OPENED =
      java.util.regex.Pattern.compile("(.+?) (?:world-wide|in (.+?)) — (\\d+) reports in the minute against ([\\d.]+) expected");

  /** The engine writes the opening line in English; it is said again here in the reader's language. */
  static String opened(String text, Incident i, Lang lang, Messages m) {
    java.util.regex.Matcher x = OPENED.matcher(text);
    if (!x.matches()) {
      return text;
    }
    String status = x.group(1);
    for (org.vigie.core.model.PublicStatus ps : org.vigie.core.model.PublicStatus.values()) {
      if (ps.label("en").equals(x.group(1))) {
        status = m.t("status." + ps.name());
      }
    }
    String where;
    if (x.group(2) == null) {
      where = m.t("timeline.worldwide");
    } else {
      StringBuilder names = new StringBuilder();
      for (String code : x.group(2).split(",")) {
        String c = code.trim();
        names.append(names.isEmpty() ? "" : ", ").append(Countries.isValid(c) ? country(c, lang) : c);
      }
      where = m.t("timeline.in", names);
    }
    return m.t("timeline.opened", status, where, Layout.number(Long.parseLong(x.group(3)), lang), x.group(4).replace(".", lang.fr() ? "," : "."));
  }

  static String kind(String kind, Messages m) {
    String key = "timeline.kind." + kind;
    return m.all().containsKey(key) ? m.t(key) : kind;
  }
}
