package org.vigie.server.web;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.Service;
import org.vigie.core.tally.MinuteTally;
import org.vigie.server.http.Problem;

/** {@code /incidents/{id}}: timeline, countries over time, peak, duration, correlated services. */
final class IncidentView {
  /** Countries drawn on the countries-over-time chart. */
  static final int COUNTRY_ROWS = 15;

  /** Longest stretch of minutes the incident chart embeds. */
  static final Duration MAX_CHART = Duration.ofHours(36);

  private final Site site;
  private final Layout layout;

  IncidentView(Site site, Layout layout) {
    this.site = site;
    this.layout = layout;
  }

  void handle(ServerRequest req, ServerResponse res) {
    String raw = req.path().pathParameters().get("id");
    long id;
    try {
      id = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw new Problem(404, "Not found", "no incident '" + raw + "'");
    }
    Incident i = site.incident(id).orElseThrow(() -> new Problem(404, "Not found", "no incident " + id));
    Lang lang = Lang.of(req);
    // A resolved incident no longer changes: a proxy may keep it longer.
    Layout.send(res, 200, render(i, lang), i.isOpen() ? Layout.PUBLIC_CACHE : "public, max-age=300, stale-while-revalidate=3600");
  }

  Html render(Incident i, Lang lang) {
    Messages m = Messages.of(lang);
    Service s = site.service(i.service()).orElse(null);
    String name = s == null ? i.service() : s.name();
    Instant end = i.resolvedAt() != null ? i.resolvedAt() : site.now();
    Map<String, String> strings = new LinkedHashMap<>(m.withPrefix("js."));
    Html h = layout.begin(lang, m.t("incident.page.title", i.id(), name), "/incidents/" + i.id(), "incident.js", true, strings);
    h.raw("<nav class=\"crumbs\"").attr("aria-label", m.t("nav.crumbs")).raw("><a").attr("href", lang.link("/")).raw(">").text(m.t("nav.services"))
        .raw("</a> › <a").attr("href", lang.link("/status/" + i.service())).raw(">").text(name).raw("</a> › <span aria-current=\"page\">")
        .text(m.t("incident.title", i.id())).raw("</span></nav>");
    h.raw("<h1>").text(m.t("incident.page.title", i.id(), name)).raw("</h1>");
    // Sections marked data-live are swapped for a fresh render while the incident is open (incident.js).
    h.raw("<section class=\"banner ").raw(i.isOpen() ? Layout.statusClass(i.current()) : "ok").raw("\" id=\"incident-banner\" data-live")
        .attr("data-incident", i.id()).attr("data-slug", i.service()).attr("data-open", i.isOpen()).raw(" role=\"status\"><p class=\"big\"><span class=\"icon\" aria-hidden=\"true\">")
        .raw(i.isOpen() ? Layout.statusIcon(i.current()) : "✓").raw("</span> ")
        .text(i.isOpen() ? m.t("incident.open") + " — " + m.t("status." + i.current().name()) : m.t("incident.resolved")).raw("</p></section>");

    h.raw("<section class=\"card\" id=\"incident-facts\" data-live aria-labelledby=\"facts-h\"><h2 id=\"facts-h\">").text(m.t("incident.facts")).raw("</h2><dl class=\"facts\"><dd hidden>");
    fact(h, m.t("incident.started"));
    Layout.time(h, i.startedAt(), lang);
    fact(h, m.t("incident.detected"));
    Layout.time(h, i.detectedAt(), lang);
    h.raw(" <span class=\"muted\">(").text(m.t("incident.delay", Layout.duration(Duration.between(i.startedAt(), i.detectedAt())))).raw(")</span>");
    fact(h, m.t("incident.ended"));
    if (i.resolvedAt() == null) {
      h.text(m.t("incident.ongoing"));
    } else {
      Layout.time(h, i.resolvedAt(), lang);
    }
    fact(h, m.t("incident.duration"));
    h.text(Layout.duration(Duration.between(i.startedAt(), end)));
    if (i.isOpen()) {
      h.raw(" ").text(m.t("incident.sofar"));
    }
    fact(h, m.t("incident.severity"));
    h.text(m.t("status." + i.severity().name()));
    fact(h, m.t("incident.peak"));
    h.text(m.t("incident.peak.value", Layout.number(i.peakPerMinute(), lang)));
    if (i.peakAt() != null) {
      h.raw(" · ");
      Layout.time(h, i.peakAt(), lang);
    }
    fact(h, m.t("incident.total"));
    h.text(Layout.number(i.totalReports(), lang));
    fact(h, m.t("incident.countries"));
    h.num(i.countries().size());
    h.raw("</dd></dl></section>");

    // ---- chart of the incident window ----
    Instant from = i.startedAt().minus(Duration.ofMinutes(30));
    Instant to = end.plus(Duration.ofMinutes(30));
    if (Duration.between(from, to).compareTo(MAX_CHART) > 0) {
      from = to.minus(MAX_CHART);
    }
    from = Instant.ofEpochSecond(from.getEpochSecond() / 60 * 60);
    int n = (int) Duration.between(from, to).toMinutes();
    long[] r = new long[n];
    double[] b = new double[n];
    for (MinuteTally t : site.vigie.storage().tallies().series(i.service(), "*", from, to)) {
      int k = (int) Duration.between(from, t.minute()).toMinutes();
      if (k >= 0 && k < n) {
        r[k] = t.reports();
        b[k] = Math.round(t.expected() * 100) / 100.0;
      }
    }
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("slug", i.service());
    series.put("country", "*");
    series.put("t0", from.getEpochSecond());
    series.put("step", 60);
    series.put("r", r);
    series.put("b", b);
    h.raw("<section class=\"card\" aria-labelledby=\"ichart-h\"><h2 id=\"ichart-h\">").text(m.t("incident.chart")).raw("</h2>")
        .raw("<script type=\"application/json\" id=\"series\">").raw(Html.jsonBlock(series)).raw("</script>")
        .raw("<div id=\"chart\" class=\"chart\" role=\"img\"").attr("aria-label", m.t("chart.aria", name)).raw("></div></section>");

    // ---- countries over time ----
    h.raw("<section class=\"card\" id=\"incident-countries\" data-live aria-labelledby=\"ctime-h\"><h2 id=\"ctime-h\">").text(m.t("incident.countries.time")).raw("</h2>");
    countriesOverTime(h, i, end, lang, m);
    h.raw("</section>");

    // ---- problems ----
    h.raw("<section class=\"card narrow\" id=\"incident-problems\" data-live aria-labelledby=\"iprob-h\"><h2 id=\"iprob-h\">").text(m.t("incident.problems")).raw("</h2><ol class=\"bars\">");
    long sum = i.indicators().stream().mapToLong(Incident.IndicatorShare::reports).sum();
    for (Incident.IndicatorShare x : i.indicators()) {
      long pct = sum == 0 ? 0 : Math.round(100.0 * x.reports() / sum);
      String label = s == null ? x.indicator() : s.indicator(x.indicator()).map(v -> v.label(lang.code())).orElse(x.indicator());
      h.raw("<li><span class=\"label\">").text(label).raw("</span> <span class=\"pct\">").num(pct).raw(" %</span>")
          .raw("<svg aria-hidden=\"true\" viewBox=\"0 0 100 6\" preserveAspectRatio=\"none\"><rect class=\"track\" width=\"100\" height=\"6\"/><rect width=\"")
          .num(Math.max(1, pct)).raw("\" height=\"6\"/></svg></li>");
    }
    h.raw("</ol></section>");

    // ---- correlated ----
    h.raw("<section class=\"card\" id=\"incident-correlated\" data-live aria-labelledby=\"corr-h\"><h2 id=\"corr-h\">").text(m.t("incident.correlated")).raw("</h2>");
    List<Incident> related = correlated(i, s, end);
    if (related.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("incident.correlated.none")).raw("</p>");
    } else {
      h.raw("<ul class=\"related\">");
      for (Incident o : related) {
        String oname = site.service(o.service()).map(Service::name).orElse(o.service());
        h.raw("<li><a").attr("href", lang.link("/incidents/" + o.id())).raw(">").text(oname).raw(" — ").text(m.t("incident.title", o.id())).raw("</a> ")
            .text(m.t("incident.from")).raw(' ');
        Layout.time(h, o.startedAt(), lang);
        if (i.group() != null && i.group().equals(o.group())) {
          h.raw(" <span class=\"tag\">").text(m.t("incident.samegroup")).raw("</span>");
        }
        h.raw("</li>");
      }
      h.raw("</ul>");
    }
    h.raw("</section>");

    h.raw("<section class=\"card\" id=\"incident-timeline\" data-live aria-labelledby=\"tl-h\"><h2 id=\"tl-h\">").text(m.t("incident.timeline")).raw("</h2>");
    Fragments.timeline(h, i, lang);
    h.raw("</section>");
    layout.end(h, lang);
    return h;
  }

  private static void fact(Html h, String term) {
    h.raw("</dd><dt>").text(term).raw("</dt><dd>");
  }

  /** Incidents sharing the correlation group, or on a sibling, parent or upstream service at the same time. */
  List<Incident> correlated(Incident i, Service s, Instant end) {
    Instant from = i.startedAt().minus(Duration.ofHours(1));
    Instant to = end.plus(Duration.ofHours(1));
    Map<Long, Incident> all = new LinkedHashMap<>();
    for (Incident o : site.vigie.storage().incidents().list(null, from, to, 200)) {
      all.put(o.id(), o);
    }
    for (Service x : site.vigie.catalogue().services()) {
      site.vigie.pipeline().openIncident(x.slug()).filter(o -> o.startedAt().isBefore(to)).ifPresent(o -> all.put(o.id(), o));
    }
    List<Incident> out = new ArrayList<>();
    for (Incident o : all.values()) {
      if (o.id() == i.id() || o.service().equals(i.service())) {
        continue;
      }
      boolean sameGroup = i.group() != null && i.group().equals(o.group());
      Service os = site.service(o.service()).orElse(null);
      boolean related = s != null && os != null && (
          (s.parent() != null && (s.parent().equals(os.parent()) || s.parent().equals(os.slug())))
              || s.slug().equals(os.parent())
              || s.upstreams().contains(os.slug()) || os.upstreams().contains(s.slug()));
      if (sameGroup || related) {
        out.add(o);
      }
    }
    out.sort(java.util.Comparator.comparing(Incident::startedAt));
    return out;
  }

  /** One bar per country from when it joined to when it left (or now), most reports first. */
  private static void countriesOverTime(Html h, Incident i, Instant end, Lang lang, Messages m) {
    List<Incident.CountryShare> rows = i.countries().subList(0, Math.min(COUNTRY_ROWS, i.countries().size()));
    if (rows.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("incident.countries.none")).raw("</p>");
      return;
    }
    long t0 = i.startedAt().getEpochSecond();
    long span = Math.max(60, end.getEpochSecond() - t0);
    int rowH = 18;
    int labelW = 150;
    int w = 600;
    h.raw("<svg class=\"gantt\" viewBox=\"0 0 ").num(labelW + w + 70).raw(' ').num(rows.size() * rowH + 20).raw("\" role=\"img\"")
        .attr("aria-label", m.t("incident.countries.time")).raw(">");
    int y = 0;
    for (Incident.CountryShare c : rows) {
      Instant since = c.since() == null ? i.startedAt() : c.since();
      Instant until = c.until() == null || c.active() ? end : c.until();
      double x0 = labelW + w * Math.max(0, since.getEpochSecond() - t0) / (double) span;
      double x1 = labelW + w * Math.min(span, Math.max(0, until.getEpochSecond() - t0)) / (double) span;
      h.raw("<text x=\"0\" y=\"").num(y + 13).raw("\">").text(Fragments.country(c.country(), lang)).raw("</text>")
          .raw("<rect class=\"bar").raw(c.active() ? " active" : "").raw("\" x=\"").tenths(x0).raw("\" y=\"").num(y + 3).raw("\" width=\"")
          .tenths(Math.max(1, x1 - x0)).raw("\" height=\"").num(rowH - 6).raw("\"><title>").text(Fragments.country(c.country(), lang)).raw(": ")
          .text(Layout.hhmm(since)).raw("–").text(c.active() && i.isOpen() ? "…" : Layout.hhmm(until)).raw(" UTC</title></rect>")
          .raw("<text class=\"n\" x=\"").num(labelW + w + 6).raw("\" y=\"").num(y + 13).raw("\">").text(Layout.number(c.reports(), lang)).raw("</text>");
      y += rowH;
    }
    h.raw("<text class=\"axis\" x=\"").num(labelW).raw("\" y=\"").num(y + 14).raw("\">").text(Layout.hhmm(i.startedAt())).raw(" UTC</text>")
        .raw("<text class=\"axis end\" x=\"").num(labelW + w).raw("\" y=\"").num(y + 14).raw("\">").text(Layout.hhmm(end)).raw(" UTC</text></svg>");
  }
}
