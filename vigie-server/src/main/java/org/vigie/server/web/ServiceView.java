package org.vigie.server.web;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Countries;
import org.vigie.core.model.Indicator;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;
import org.vigie.core.storage.CommentStore.Comment;
import org.vigie.core.tally.MinuteTally;
import org.vigie.server.http.Problem;

/**
 * {@code /status/{slug}}: the page people open when a service stops working — status banner,
 * report button, 24-hour chart against the usual level, most reported problems, live map with a
 * per-country drill-down, official statements, incident timeline, comments.
 */
final class ServiceView {
  /** Comments shown on the page. */
  static final int COMMENTS = 50;

  private final Site site;
  private final Layout layout;
  private final PageCache cache;

  ServiceView(Site site, Layout layout, PageCache cache) {
    this.site = site;
    this.layout = layout;
    this.cache = cache;
  }

  void handle(ServerRequest req, ServerResponse res) {
    String slug = req.path().pathParameters().get("slug");
    Service s = site.service(slug).orElseThrow(() -> new Problem(404, "Not found", "no service '" + slug + "'"));
    Lang lang = Lang.of(req);
    String country = req.query().first("country").asOptional().map(c -> c.toUpperCase(Locale.ROOT)).orElse(null);
    if (country != null && (!Countries.isValid(country) || Countries.UNKNOWN.equals(country))) {
      country = null;
    }
    String notice = req.query().first("reported").asOptional().map(v -> "reported")
        .or(() -> req.query().first("commented").asOptional().map(v -> "commented"))
        .or(() -> req.query().first("error").asOptional().filter(v -> v.matches("[a-z-]{1,20}")).map(v -> "error." + v))
        .orElse(null);
    // Pages carrying a one-off notice are answers to a person's own action: not for the cache.
    if (notice != null) {
      Layout.send(res, 200, render(s, lang, country, notice), "private, no-store");
    } else {
      String c = country;
      Layout.send(res, 200, cache.get("status|" + s.slug() + "|" + lang + "|" + country, () -> render(s, lang, c, null)), Layout.PUBLIC_CACHE);
    }
  }

  Html render(Service s, Lang lang, String country, String notice) {
    Messages m = Messages.of(lang);
    Site.ServiceState st = site.state(s);
    String base = "/status/" + s.slug();
    String path = country == null ? base : base + "?country=" + country;
    Map<String, String> strings = new LinkedHashMap<>();
    strings.putAll(m.withPrefix("status."));
    strings.putAll(m.withPrefix("js."));
    strings.putAll(m.withPrefix("map.level."));
    strings.put("map.tip", m.t("map.tip"));
    strings.put("chart.summary", m.t("chart.summary"));
    strings.put("chart.empty", m.t("chart.empty"));
    Html h = layout.begin(lang, m.t("service.title", s.name()), path, "service.js", true, strings);
    h.raw("<nav class=\"crumbs\"").attr("aria-label", m.t("nav.crumbs")).raw("><a").attr("href", lang.link("/")).raw(">")
        .text(m.t("nav.services")).raw("</a> › <span aria-current=\"page\">").text(s.name()).raw("</span></nav>");
    h.raw("<h1>").text(m.t("service.heading", s.name())).raw("</h1>");
    if (notice != null) {
      h.raw("<p class=\"notice\" role=\"status\">").text(m.t("notice." + (m.all().containsKey("notice." + notice) ? notice : "error.unknown"))).raw("</p>");
    }

    // ---- banner ----
    h.raw("<section id=\"banner\" class=\"banner ").raw(Layout.statusClass(st.status())).raw("\" data-slug=\"").text(s.slug())
        .raw("\" data-status=\"").raw(st.status().name()).raw("\" aria-live=\"polite\"><p class=\"big\"><span class=\"icon\" aria-hidden=\"true\">")
        .raw(Layout.statusIcon(st.status())).raw("</span> <span id=\"status-label\">").text(m.t("status." + st.status().name()))
        .raw("</span></p><p class=\"sub\"><span id=\"status-since\">");
    if (st.since() != null) {
      h.text(m.t(st.status() == PublicStatus.OPERATIONAL ? "service.since.ok" : "service.since")).raw(' ');
      Layout.time(h, st.since(), lang);
    } else {
      h.text(m.t((st.byMachines() ? "service.machines." : "service.summary.") + st.status().name(), s.name()));
    }
    h.raw("</span> · <span id=\"live-count\">").text(Layout.number(st.live(), lang)).raw("</span> ").text(m.t("service.live"));
    h.raw("<span id=\"incident-link\">");
    if (st.incident() != null) {
      h.raw(" · <a").attr("href", lang.link("/incidents/" + st.incident().id())).raw(">").text(m.t("service.incident", st.incident().id())).raw("</a>");
    }
    h.raw("</span></p></section>");

    // ---- report ----
    h.raw("<section id=\"report\" class=\"card\" aria-labelledby=\"report-h\"><h2 id=\"report-h\">").text(m.t("report.heading", s.name())).raw("</h2>")
        .raw("<p>").text(m.t("report.lead")).raw("</p>")
        .raw("<button type=\"button\" id=\"report-open\" class=\"primary\" aria-expanded=\"false\" aria-controls=\"report-form\">")
        .text(m.t("report.button")).raw("</button>");
    h.raw("<form id=\"report-form\" class=\"report-form\" method=\"post\"").attr("action", lang.link(base + "/report")).attr("data-service", s.slug())
        .raw("><fieldset><legend>").text(m.t("report.what")).raw("</legend>");
    boolean first = true;
    for (Indicator ind : s.indicators()) {
      h.raw("<label class=\"choice\"><input type=\"radio\" name=\"indicator\"").attr("value", ind.slug());
      if (first) {
        h.raw(" checked");
        first = false;
      }
      h.raw("> ").text(ind.label(lang.code())).raw("</label>");
    }
    h.raw("</fieldset><div class=\"row\"><label for=\"report-country\">").text(m.t("report.country")).raw("</label><select id=\"report-country\" name=\"country\"><option value=\"\">")
        .text(m.t("report.country.none")).raw("</option>");
    for (String[] c : countryOptions(lang)) {
      h.raw("<option").attr("value", c[0]).raw(">").text(c[1]).raw("</option>");
    }
    h.raw("</select></div><div class=\"row\"><label for=\"report-city\">").text(m.t("report.city")).raw("</label><input id=\"report-city\" name=\"city\" maxlength=\"80\" autocomplete=\"address-level2\"></div>")
        .raw("<button type=\"submit\" class=\"primary\">").text(m.t("report.send")).raw("</button> <span class=\"muted\">").text(m.t("report.privacy")).raw("</span></form>")
        .raw("<p id=\"report-result\" role=\"status\" aria-live=\"polite\"></p></section>");

    // ---- chart ----
    h.raw("<section id=\"chart-section\" class=\"card\" aria-labelledby=\"chart-h\"><h2 id=\"chart-h\">").text(m.t("chart.heading")).raw("</h2>")
        .raw("<div class=\"toolbar\"><span id=\"chart-scope\">").text(country == null ? m.t("chart.world") : m.t("chart.country", Fragments.country(country, lang))).raw("</span>");
    h.raw("<a id=\"chart-world\"").attr("href", lang.link(base) + "#chart-section").raw(country == null ? " hidden" : "").raw(">").text(m.t("chart.back")).raw("</a>");
    h.raw("<span class=\"steps\" role=\"group\"").attr("aria-label", m.t("chart.step")).raw("><button type=\"button\" data-step=\"1\" aria-pressed=\"true\">")
        .text(m.t("chart.step.1")).raw("</button><button type=\"button\" data-step=\"15\" aria-pressed=\"false\">").text(m.t("chart.step.15"))
        .raw("</button></span></div>");
    Map<String, Object> series = series(s.slug(), country);
    h.raw("<script type=\"application/json\" id=\"series\">").raw(Html.jsonBlock(series)).raw("</script>");
    h.raw("<div id=\"chart\" class=\"chart\" role=\"img\"").attr("aria-label", m.t("chart.aria", s.name())).raw("></div>");
    chartSummary(h, series, lang, m);
    h.raw("</section>");

    // ---- most reported ----
    h.raw("<div class=\"cols\"><section id=\"problems\" class=\"card\" aria-labelledby=\"problems-h\"><h2 id=\"problems-h\">").text(m.t("problems.heading")).raw("</h2>");
    Map<String, String> labels = new LinkedHashMap<>();
    for (Indicator x : s.indicators()) {
      labels.put(x.slug(), x.label(lang.code()));
    }
    h.raw("<script type=\"application/json\" id=\"indicator-labels\">").raw(Html.jsonBlock(labels)).raw("</script>");
    problems(h, s, site.tallies.indicators(s.slug(), 60), lang, m);
    h.raw("</section>");

    // ---- map ----
    List<RecentTallies.CountryCount> counts = site.tallies.countries(s.slug(), MapData.WINDOW_MINUTES, MapData.LEVEL_MINUTES);
    String drill = lang.link(base + "?country={cc}") + "#chart-section";
    h.raw("<section id=\"map-section\" class=\"card\" aria-labelledby=\"map-h\"><h2 id=\"map-h\">").text(m.t("service.map.heading")).raw("</h2>");
    Fragments.map(h, site.map, counts, lang, m.t("service.map.aria", s.name()), drill);
    Fragments.countryTable(h, counts, lang, 10, drill);
    h.raw("</section></div>");
    SocialSection.render(h, s, site.vigie.socialTally(), site.now(), lang, m);

    ProbeSection.render(h, site.vigie.probeQuorum().evaluate(s.slug()), m);

    // ---- statements and incidents ----
    List<Incident> incidents = site.recentIncidents(s.slug(), Duration.ofDays(7), 5);
    h.raw("<section id=\"statements\" class=\"card\" aria-labelledby=\"statements-h\"><h2 id=\"statements-h\">").text(m.t("statements.heading")).raw("</h2>");
    List<Incident.TimelineEvent> official = new ArrayList<>();
    // Every stored statement of the page, incident or not; the timelines add admission lags, notes,
    // and official lines stored before the statement log existed (those at an instant not stored).
    java.util.Set<Instant> stored = new java.util.HashSet<>();
    for (org.vigie.core.signal.OfficialStatus said : site.vigie.officialStatements().recent(s.slug())) {
      official.add(new Incident.TimelineEvent(said.at(), "official", said.text()));
      stored.add(said.at());
    }
    for (Incident i : incidents) {
      for (Incident.TimelineEvent e : i.timeline()) {
        if (e.kind().equals("official") && stored.contains(e.at())) {
          continue;
        }
        if (e.kind().startsWith("official") || e.kind().equals("statement") || e.kind().equals("note")) {
          official.add(e);
        }
      }
    }
    official.sort(Comparator.comparing(Incident.TimelineEvent::at).reversed());
    if (official.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("statements.none")).raw("</p>");
    } else {
      h.raw("<ul class=\"statements\">");
      for (Incident.TimelineEvent e : official) {
        h.raw("<li>");
        Layout.time(h, e.at(), lang);
        h.raw(" <strong>").text(Fragments.kind(e.kind(), m)).raw("</strong> <span lang=\"en\">").text(e.text()).raw("</span></li>");
      }
      h.raw("</ul>");
    }
    if (s.statusPage() != null && (s.statusPage().startsWith("https://") || s.statusPage().startsWith("http://"))) {
      h.raw("<p>").text(m.t("statements.page")).raw(" <a rel=\"nofollow noopener\"").attr("href", s.statusPage()).raw(">").text(s.statusPage()).raw("</a></p>");
    }
    h.raw("</section>");

    h.raw("<section id=\"incidents\" class=\"card\" aria-labelledby=\"incidents-h\"><h2 id=\"incidents-h\">").text(m.t("incidents.heading")).raw("</h2>");
    if (incidents.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("incidents.none")).raw("</p>");
    }
    for (Incident i : incidents) {
      h.raw("<article class=\"incident\"><h3><a").attr("href", lang.link("/incidents/" + i.id())).raw(">").text(m.t("incident.title", i.id()))
          .raw("</a> · ").text(m.t(i.isOpen() ? "incident.open" : "incident.resolved")).raw("</h3>");
      Fragments.timeline(h, i, lang);
      h.raw("</article>");
    }
    h.raw("</section>");

    // ---- comments ----
    h.raw("<section id=\"comments\" class=\"card\" aria-labelledby=\"comments-h\"><h2 id=\"comments-h\">").text(m.t("comments.heading")).raw("</h2>")
        .raw("<form class=\"comment-form\" method=\"post\"").attr("action", lang.link(base + "/comments")).raw(">")
        .raw("<div class=\"row\"><label for=\"comment-name\">").text(m.t("comments.name")).raw("</label><input id=\"comment-name\" name=\"name\" maxlength=\"")
        .num(WebRoutes.MAX_NAME).raw("\" autocomplete=\"nickname\"></div><div class=\"row\"><label for=\"comment-text\">").text(m.t("comments.text"))
        .raw("</label><textarea id=\"comment-text\" name=\"text\" required maxlength=\"").num(WebRoutes.MAX_COMMENT).raw("\" rows=\"3\"></textarea></div>")
        .raw("<button type=\"submit\">").text(m.t("comments.send")).raw("</button> <span class=\"muted\">").text(m.t("comments.rules")).raw("</span></form>");
    List<Comment> comments = site.comments.list(s.slug(), COMMENTS, false);
    if (comments.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("comments.none")).raw("</p>");
    }
    h.raw("<ol class=\"comments\" id=\"comment-list\">");
    for (Comment c : comments) {
      h.raw("<li").attr("id", "comment-" + c.id()).raw("><p class=\"meta\"><strong>").text(c.name().isBlank() ? m.t("comments.anonymous") : c.name())
          .raw("</strong> · ");
      Layout.time(h, c.at(), lang);
      h.raw("</p><p class=\"text\">").text(c.text()).raw("</p></li>");
    }
    h.raw("</ol></section>");
    layout.end(h, lang);
    return h;
  }

  /** Most reported problems with their shares; the page's script redraws the same markup live. */
  static void problems(Html h, Service s, Map<String, Long> ind, Lang lang, Messages m) {
    long total = ind.values().stream().mapToLong(Long::longValue).sum();
    h.raw("<p class=\"muted\" id=\"problems-none\"").raw(total == 0 ? "" : " hidden").raw(">").text(m.t("problems.none")).raw("</p>");
    h.raw("<ol class=\"bars\" id=\"problem-list\">");
    ind.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
      long pct = Math.round(100.0 * e.getValue() / total);
      String label = s.indicator(e.getKey()).map(x -> x.label(lang.code())).orElse(e.getKey());
      h.raw("<li><span class=\"label\">").text(label).raw("</span> <span class=\"pct\">").num(pct).raw(" %</span>")
          .raw("<svg aria-hidden=\"true\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\"><rect class=\"track\" width=\"100\" height=\"6\"/><rect width=\"")
          .num(Math.max(1, pct)).raw("\" height=\"6\"/></svg></li>");
    });
    h.raw("</ol><p class=\"muted\" id=\"problems-total\"").raw(total == 0 ? " hidden" : "").raw(">").text(m.t("problems.total", Layout.number(total, lang))).raw("</p>");
  }

  /** The day of minutes to draw: from memory for the world, from the store for one country. */
  Map<String, Object> series(String slug, String country) {
    Long latest = site.tallies.latestMinute();
    int n = RecentTallies.KEEP_MINUTES;
    long last = latest != null ? latest : site.now().getEpochSecond() / 60 - 1;
    long first = last - n + 1;
    long[] r = new long[n];
    double[] b = new double[n];
    boolean[] has = new boolean[n];
    if (country == null) {
      for (RecentTallies.Minute x : site.tallies.last(slug, n)) {
        int i = (int) (x.epochMinute() - first);
        if (i >= 0 && i < n) {
          r[i] = x.reports();
          b[i] = x.expected();
          has[i] = true;
        }
      }
    } else {
      for (MinuteTally t : site.vigie.storage().tallies().series(slug, country, Instant.ofEpochSecond(first * 60), Instant.ofEpochSecond((last + 1) * 60))) {
        int i = (int) (t.minute().getEpochSecond() / 60 - first);
        if (i >= 0 && i < n) {
          r[i] = t.reports();
          b[i] = t.expected();
          has[i] = true;
        }
      }
    }
    // Minutes without a tally had no reports; their usual level is the nearest known one.
    double carry = 0;
    for (int i = 0; i < n; i++) {
      if (has[i]) {
        carry = b[i];
        break;
      }
    }
    double[] bo = new double[n];
    for (int i = 0; i < n; i++) {
      if (has[i]) {
        carry = b[i];
      }
      bo[i] = Math.round(carry * 100) / 100.0;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("slug", slug);
    out.put("country", country == null ? "*" : country);
    out.put("t0", first * 60);
    out.put("step", 60);
    out.put("r", r);
    out.put("b", bo);
    return out;
  }

  private static void chartSummary(Html h, Map<String, Object> series, Lang lang, Messages m) {
    long[] r = (long[]) series.get("r");
    double[] b = (double[]) series.get("b");
    long t0 = (Long) series.get("t0");
    int peak = 0;
    long sum = 0;
    for (int i = 0; i < r.length; i++) {
      sum += r[i];
      if (r[i] > r[peak]) {
        peak = i;
      }
    }
    h.raw("<p class=\"muted\" id=\"chart-summary\">");
    if (sum == 0) {
      h.text(m.t("chart.empty"));
    } else {
      h.text(m.t("chart.summary", Layout.number(sum, lang), Layout.number(r[peak], lang),
          Layout.hhmm(Instant.ofEpochSecond(t0 + 60L * peak)), String.format(lang.fr() ? Locale.FRENCH : Locale.ENGLISH, "%.1f", b[peak])));
    }
    h.raw("</p>");
  }

  private static final Map<String, List<String[]>> OPTIONS = new java.util.concurrent.ConcurrentHashMap<>();

  /** Every country as (code, name), sorted by name in the reader's language. */
  static List<String[]> countryOptions(Lang lang) {
    return OPTIONS.computeIfAbsent(lang.code(), k -> {
      java.text.Collator coll = java.text.Collator.getInstance(lang.fr() ? Locale.FRENCH : Locale.ENGLISH);
      List<String[]> list = new ArrayList<>();
      for (String c : Locale.getISOCountries()) {
        list.add(new String[] {c, Countries.name(c, lang.code())});
      }
      list.sort((x, y) -> coll.compare(x[1], y[1]));
      return List.copyOf(list);
    });
  }
}
