package org.vigie.server.web;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.Service;

/** {@code /map}: the world colored by trouble over the last hour, every service or one, live. */
final class MapView {
  private final Site site;
  private final Layout layout;
  private final PageCache cache;

  MapView(Site site, Layout layout, PageCache cache) {
    this.site = site;
    this.layout = layout;
    this.cache = cache;
  }

  void handle(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    String slug = req.query().first("service").asOptional().filter(x -> site.service(x).isPresent()).orElse(null);
    Layout.send(res, 200, cache.get("map|" + lang + "|" + slug, () -> render(lang, slug)), Layout.PUBLIC_CACHE);
  }

  Html render(Lang lang, String slug) {
    Messages m = Messages.of(lang);
    Map<String, String> strings = new LinkedHashMap<>();
    strings.putAll(m.withPrefix("map."));
    strings.putAll(m.withPrefix("js."));
    Html h = layout.begin(lang, m.t("map.title"), slug == null ? "/map" : "/map?service=" + slug, "map.js", false, strings);
    Service s = slug == null ? null : site.service(slug).orElseThrow();
    h.raw("<h1>").text(s == null ? m.t("map.heading") : m.t("map.heading.service", s.name())).raw("</h1>")
        .raw("<p class=\"lead\">").text(m.t("map.lead", MapData.WINDOW_MINUTES)).raw("</p>");
    h.raw("<form class=\"filter\" method=\"get\" action=\"/map\" id=\"map-filter\"><label for=\"map-service\">").text(m.t("map.filter"))
        .raw("</label><select id=\"map-service\" name=\"service\"><option value=\"\">").text(m.t("map.filter.all")).raw("</option>");
    List<Service> services = site.vigie.catalogue().services().stream()
        .sorted(java.util.Comparator.comparing(x -> x.name().toLowerCase(java.util.Locale.ROOT))).toList();
    for (Service x : services) {
      h.raw("<option").attr("value", x.slug());
      if (x.slug().equals(slug)) {
        h.raw(" selected");
      }
      h.raw(">").text(x.name()).raw("</option>");
    }
    h.raw("</select>");
    if (lang.explicit()) {
      h.raw("<input type=\"hidden\" name=\"lang\"").attr("value", lang.code()).raw(">");
    }
    h.raw("<button type=\"submit\">").text(m.t("map.filter.go")).raw("</button></form>");
    List<RecentTallies.CountryCount> counts = site.tallies.countries(slug, MapData.WINDOW_MINUTES, MapData.LEVEL_MINUTES);
    long total = counts.stream().mapToLong(RecentTallies.CountryCount::reports).sum();
    h.raw("<section class=\"card map-card\" id=\"map-section\"").attr("data-service", slug == null ? "" : slug).raw(">");
    h.raw("<p id=\"map-total\" aria-live=\"polite\">").text(m.t("map.total", Layout.number(total, lang))).raw("</p>");
    String link = s == null ? null : lang.link("/status/" + s.slug() + "?country={cc}") + "#chart-section";
    Fragments.map(h, site.map, counts, lang, s == null ? m.t("map.aria") : m.t("service.map.aria", s.name()), link);
    Fragments.countryTable(h, counts, lang, 20, link);
    h.raw("</section>");
    layout.end(h, lang);
    return h;
  }
}
