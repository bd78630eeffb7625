package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/** The frame every page shares, the headers every page sends, and formatting helpers. */
final class Layout {
  /**
   * No inline script or style anywhere: scripts are same-origin modules, data travels in
   * {@code application/json} blocks, widths are SVG attributes.
   */
  static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  /** Public pages: a proxy may serve them for 10 s, and a stale copy for a minute while it refetches. */
  static final String PUBLIC_CACHE = "public, max-age=10, stale-while-revalidate=60, stale-if-error=600";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_EN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_FR = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.FRENCH).withZone(ZoneOffset.UTC);

  final Assets assets;

  Layout(Assets assets) {
    this.assets = assets;
  }

  /**
   * Opens a page.
   *
   * @param path this page's path and query without {@code lang}, for the language switch
   * @param module the page's ES module, or null
   * @param scriptStrings messages the page's script needs, or null
   */
  Html begin(Lang lang, String title, String path, String module, boolean chart, Map<String, String> scriptStrings) {
    Messages m = Messages.of(lang);
    Html h = new Html(32_768);
    h.raw("<!doctype html><html").attr("lang", lang.code()).raw("><head><meta charset=\"utf-8\">")
        .raw("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .raw("<title>").text(title).raw(" · Vigie</title>")
        .raw("<link rel=\"icon\" href=\"").raw(assets.url("favicon.svg")).raw("\" type=\"image/svg+xml\">")
        .raw("<link rel=\"stylesheet\" href=\"").raw(assets.url("vigie.css")).raw("\">");
    if (chart) {
      h.raw("<link rel=\"stylesheet\" href=\"").raw(assets.url("uPlot.min.css")).raw("\">");
    }
    if (module != null) {
      h.raw("<script type=\"module\" src=\"").raw(assets.url(module)).raw("\"></script>");
    }
    h.raw("</head><body>");
    if (scriptStrings != null) {
      h.raw("<script type=\"application/json\" id=\"i18n\">").raw(Html.jsonBlock(scriptStrings)).raw("</script>");
    }
    String other = lang.fr() ? "en" : "fr";
    String switchHref = path + (path.contains("?") ? "&" : "?") + "lang=" + other;
    h.raw("<a class=\"skip\" href=\"#main\">").text(m.t("nav.skip")).raw("</a>")
        .raw("<header class=\"top\"><a class=\"brand\"").attr("href", lang.link("/")).raw(">")
        .raw("<svg aria-hidden=\"true\" viewBox=\"0 0 24 24\" width=\"24\" height=\"24\"><circle cx=\"12\" cy=\"12\" r=\"10\" class=\"brand-ring\"/><circle cx=\"12\" cy=\"12\" r=\"4\" class=\"brand-dot\"/></svg>")
        .raw("Vigie</a><nav").attr("aria-label", m.t("nav.label")).raw("><a").attr("href", lang.link("/")).raw(">").text(m.t("nav.services"))
        .raw("</a><a").attr("href", lang.link("/map")).raw(">").text(m.t("nav.map"))
        .raw("</a><a class=\"lang\"").attr("href", switchHref).attr("hreflang", other).attr("lang", other).raw(">")
        .text(m.t("nav.switch")).raw("</a></nav></header><main id=\"main\">");
    return h;
  }

  void end(Html h, Lang lang) {
    Messages m = Messages.of(lang);
    h.raw("</main><footer><p>").text(m.t("footer.about")).raw(" · <a href=\"/api/v1/services\">").text(m.t("footer.api"))
        .raw("</a> · <a").attr("href", lang.link("/subscribe")).raw(">").text(m.t("footer.subscribe"))
        .raw("</a> · <a").attr("href", lang.link("/admin")).raw(">").text(m.t("footer.admin")).raw("</a></p></footer></body></html>");
  }

  static void send(ServerResponse res, int status, Html h, String cacheControl) {
    send(res, status, h.toString().getBytes(StandardCharsets.UTF_8), cacheControl);
  }

  static void send(ServerResponse res, int status, byte[] body, String cacheControl) {
    res.status(Status.create(status));
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, cacheControl);
    res.header(HeaderNames.VARY, "Accept-Language");
    securityHeaders(res);
    res.send(body);
  }

  static void securityHeaders(ServerResponse res) {
    res.header("Content-Security-Policy", CSP);
    res.header("X-Content-Type-Options", "nosniff");
    res.header("Referrer-Policy", "same-origin");
  }

  /** A {@code <time>} the page's script may show in the reader's own zone. */
  static void time(Html h, Instant t, Lang lang) {
    h.raw("<time").attr("datetime", t.toString()).raw(" data-local>").text((lang.fr() ? DATE_FR : DATE_EN).format(t)).raw("</time>");
  }

  static String hhmm(Instant t) {
    return TIME.format(t);
  }

  static String number(long n, Lang lang) {
    return String.format(lang.fr() ? Locale.FRENCH : Locale.ENGLISH, "%,d", n);
  }

  /** A duration in words: "2 h 05 min" / "45 min". */
  static String duration(java.time.Duration d) {
    long min = d.toMinutes();
    return min >= 60 ? String.format(Locale.ROOT, "%d h %02d min", min / 60, min % 60) : min + " min";
  }

  static String statusClass(org.vigie.core.model.PublicStatus s) {
    return switch (s) {
      case OPERATIONAL -> "ok";
      case POSSIBLE_PROBLEMS -> "warn";
      case OUTAGE -> "down";
    };
  }

  /** The status glyph: shape as well as color, so status never depends on color alone. */
  static String statusIcon(org.vigie.core.model.PublicStatus s) {
    return switch (s) {
      case OPERATIONAL -> "✓";
      case POSSIBLE_PROBLEMS -> "!";
      case OUTAGE -> "✕";
    };
  }
}
