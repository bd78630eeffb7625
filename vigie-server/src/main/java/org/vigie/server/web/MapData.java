package org.vigie.server.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.Countries;

/** Per-country counts as JSON, for {@code /api/v1/services/{slug}/map}, {@code /api/v1/map} and map events. */
final class MapData {
  /** Window of the counts a map shows. */
  static final int WINDOW_MINUTES = 60;

  /** Window in which a country's evidence colors it. */
  static final int LEVEL_MINUTES = 15;

  private MapData() {}

  /** {@code slug} null sums every service. */
  static Map<String, Object> json(Site site, String slug) {
    List<RecentTallies.CountryCount> counts = site.tallies.countries(slug, WINDOW_MINUTES, LEVEL_MINUTES);
    List<Map<String, Object>> list = new ArrayList<>(counts.size());
    long total = 0;
    for (RecentTallies.CountryCount c : counts) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("country", c.country());
      m.put("name", Countries.name(c.country(), "en"));
      m.put("reports", c.reports());
      m.put("level", level(c));
      list.add(m);
      total += c.reports();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("service", slug == null ? "*" : slug);
    Long latest = site.tallies.latestMinute();
    out.put("to", latest == null ? null : java.time.Instant.ofEpochSecond((latest + 1) * 60));
    out.put("windowMinutes", WINDOW_MINUTES);
    out.put("total", total);
    out.put("countries", list);
    return out;
  }

  /** 0 quiet, 1 some reports, 2 weak, 3 possible problems, 4 problems detected. */
  static int level(RecentTallies.CountryCount c) {
    return switch (c.level()) {
      case STRONG -> 4;
      case MODERATE -> 3;
      case WEAK -> 2;
      case NONE -> c.reports() > 0 ? 1 : 0;
    };
  }
}
