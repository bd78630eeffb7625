package org.vigie.server.web;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;

/** {@code /}: services by current trouble with badge and sparkline, search, trending outages. */
final class HomeView {
  /** Sparkline resolution: 96 quarter-hours make the day. */
  static final int SPARK_BUCKETS = 96;

  /** A service trends when its last 15 minutes have at least this many reports… */
  static final int TREND_MIN_REPORTS = 10;

  /** …and this many times its usual level. */
  static final double TREND_RATIO = 3.0;

  private final Site site;
  private final Layout layout;
  private final PageCache cache;

  HomeView(Site site, Layout layout, PageCache cache) {
    this.site = site;
    this.layout = layout;
    this.cache = cache;
  }

  void handle(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    String q = req.query().first("q").asOptional().orElse("").trim();
    Layout.send(res, 200, cache.get("home|" + lang + "|" + q, () -> render(lang, q)), Layout.PUBLIC_CACHE);
  }

  Html render(Lang lang, String q) {
    Messages m = Messages.of(lang);
    List<Site.ServiceState> states = site.states();
    String path = q.isEmpty() ? "/" : "/?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8);
    Html h = layout.begin(lang, m.t("home.title"), path, "home.js", false, m.withPrefix("status."));
    h.raw("<h1>").text(m.t("home.heading")).raw("</h1><p class=\"lead\">").text(m.t("home.lead", states.size())).raw("</p>");
    h.raw("<form class=\"search\" role=\"search\" method=\"get\" action=\"/\"><label for=\"q\">").text(m.t("home.search"))
        .raw("</label><input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\"").attr("value", q)
        .attr("placeholder", m.t("home.search.placeholder")).raw(">");
    if (lang.explicit()) {
      h.raw("<input type=\"hidden\" name=\"lang\"").attr("value", lang.code()).raw(">");
    }
    h.raw("<button type=\"submit\">").text(m.t("home.search.go")).raw("</button></form>");

    List<Site.ServiceState> trending = new ArrayList<>();
    for (Site.ServiceState st : states) {
      long recent = site.tallies.reports(st.service().slug(), 15);
      double usual = site.tallies.expected(st.service().slug(), 15);
      if (st.status() != PublicStatus.OPERATIONAL || (recent >= TREND_MIN_REPORTS && recent >= TREND_RATIO * Math.max(1, usual))) {
        trending.add(st);
      }
    }
    h.raw("<section class=\"trending\" aria-labelledby=\"trending-h\"><h2 id=\"trending-h\">").text(m.t("home.trending")).raw("</h2>");
    if (trending.isEmpty()) {
      h.raw("<p>").text(m.t("home.trending.none")).raw("</p>");
    } else {
      h.raw("<ol class=\"strip\">");
      for (Site.ServiceState st : trending.subList(0, Math.min(8, trending.size()))) {
        h.raw("<li><a").attr("href", lang.link("/status/" + st.service().slug())).raw(">");
        badge(h, st.status(), m);
        h.raw(" <strong>").text(st.service().name()).raw("</strong> <span class=\"muted\">")
            .text(m.t("home.reports.hour", Layout.number(st.lastHour(), lang))).raw("</span></a></li>");
      }
      h.raw("</ol>");
    }
    h.raw("</section>");

    String needle = q.toLowerCase(Locale.ROOT);
    h.raw("<section aria-labelledby=\"all-h\"><h2 id=\"all-h\">").text(m.t("home.all")).raw("</h2>");
    h.raw("<p id=\"no-match\" class=\"muted\"").raw(matches(states, needle) ? " hidden" : "").raw(">").text(m.t("home.nomatch")).raw("</p>");
    h.raw("<ul class=\"services\" id=\"services\">");
    for (Site.ServiceState st : states) {
      Service s = st.service();
      String names = (s.name() + " " + s.slug() + " " + String.join(" ", s.aliases())).toLowerCase(Locale.ROOT);
      h.raw("<li").attr("data-slug", s.slug()).attr("data-names", names);
      if (!needle.isEmpty() && !names.contains(needle)) {
        h.raw(" hidden");
      }
      // What home.js needs to keep Site.states()' order as events arrive.
      h.attr("data-status", st.status().name()).attr("data-last-hour", st.lastHour()).attr("data-name", s.name().toLowerCase(Locale.ROOT));
      h.raw("><a").attr("href", lang.link("/status/" + s.slug())).raw("><span class=\"name\">").text(s.name()).raw("</span>");
      badge(h, st.status(), m);
      sparkline(h, s.slug(), m);
      h.raw("<span class=\"count\"><span class=\"n\">").text(Layout.number(st.lastHour(), lang)).raw("</span> ")
          .text(m.t("home.reports.unit")).raw("</span></a></li>");
    }
    h.raw("</ul></section>");
    layout.end(h, lang);
    return h;
  }

  private static boolean matches(List<Site.ServiceState> states, String needle) {
    if (needle.isEmpty()) {
      return true;
    }
    for (Site.ServiceState st : states) {
      Service s = st.service();
      if ((s.name() + " " + s.slug() + " " + String.join(" ", s.aliases())).toLowerCase(Locale.ROOT).contains(needle)) {
        return true;
      }
    }
    return false;
  }

  static void badge(Html h, PublicStatus s, Messages m) {
    h.raw("<span class=\"badge ").raw(Layout.statusClass(s)).raw("\" data-status=\"").raw(s.name()).raw("\"><span aria-hidden=\"true\">")
        .raw(Layout.statusIcon(s)).raw("</span> ").text(m.t("status." + s.name())).raw("</span>");
  }

  /** A day of reports in quarter-hours against the usual level, as an SVG polyline. */
  private void sparkline(Html h, String slug, Messages m) {
    double[][] rb = site.tallies.buckets(slug, RecentTallies.KEEP_MINUTES / SPARK_BUCKETS, SPARK_BUCKETS);
    double[] r = rb[0];
    double[] b = rb[1];
    double max = 1;
    for (int i = 0; i < SPARK_BUCKETS; i++) {
      max = Math.max(max, Math.max(r[i], b[i]));
    }
    h.raw("<svg class=\"spark\" viewBox=\"0 0 96 24\" preserveAspectRatio=\"none\" role=\"img\"").attr("aria-label", m.t("home.spark")).raw(">");
    h.raw("<polyline class=\"base\" points=\"");
    points(h, b, max);
    h.raw("\"/><polyline class=\"rep\" points=\"");
    points(h, r, max);
    h.raw("\"/></svg>");
  }

  private static void points(Html h, double[] v, double max) {
    for (int i = 0; i < v.length; i++) {
      if (i > 0) {
        h.raw(' ');
      }
      h.num(i).raw(',').tenths(23 - v[i] / max * 22);
    }
  }
}
