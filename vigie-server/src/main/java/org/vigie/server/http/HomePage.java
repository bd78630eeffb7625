package org.vigie.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.model.Service;
import org.vigie.server.Vigie;

/**
 * A plain server-rendered overview: services by current trouble and recent incidents, with links
 * to the JSON API. Status is written as text, not only as colour. (The full public pages are a
 * separate piece of work.)
 */
final class HomePage {
  private final Vigie vigie;

  HomePage(Vigie vigie) {
    this.vigie = vigie;
  }

  void handle(ServerRequest req, ServerResponse res) {
    StringBuilder h = new StringBuilder(16_384);
    h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Vigie — service status</title>")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta http-equiv=\"refresh\" content=\"30\">")
        .append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td,th{padding:.25rem .75rem;text-align:left}")
        .append(".OUTAGE{color:#9b1c1c;font-weight:bold}.POSSIBLE_PROBLEMS{color:#8a5a00;font-weight:bold}.OPERATIONAL{color:#1d6b35}</style>")
        .append("</head><body><h1>Vigie</h1><p>Watermark (event time): ")
        .append(esc(String.valueOf(vigie.pipeline().watermark())))
        .append("</p><h2>Services</h2><table><thead><tr><th>Service</th><th>Status</th><th>Reports, last hour</th></tr></thead><tbody>");
    List<Service> services = new ArrayList<>(vigie.catalogue().services());
    services.sort(Comparator.comparing((Service s) -> vigie.pipeline().status(s.slug())).reversed()
        .thenComparing(s -> -vigie.live().recentReports(s.slug(), 60)));
    for (Service s : services) {
      PublicStatus st = vigie.pipeline().status(s.slug());
      h.append("<tr><td><a href=\"/api/v1/services/").append(esc(s.slug())).append("\">").append(esc(s.name()))
          .append("</a></td><td class=\"").append(st.name()).append("\">").append(esc(st.label("en")))
          .append("</td><td>").append(vigie.live().recentReports(s.slug(), 60)).append("</td></tr>");
    }
    h.append("</tbody></table><h2>Recent incidents</h2><ul>");
    for (Incident i : vigie.storage().incidents().list(null, java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(86_400L * 3650), 20)) {
      h.append("<li><a href=\"/api/v1/incidents/").append(i.id()).append("\">#").append(i.id()).append(' ')
          .append(esc(i.service())).append("</a> — ").append(esc(i.startedAt().toString())).append(" → ")
          .append(esc(i.resolvedAt() == null ? "ongoing" : i.resolvedAt().toString())).append(", peak ")
          .append(i.peakPerMinute()).append("/min</li>");
    }
    h.append("</ul><p>API: <a href=\"/api/v1/services\">/api/v1/services</a> · <a href=\"/api/v1/incidents\">/api/v1/incidents</a></p></body></html>");
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "public, max-age=10");
    res.header("Content-Security-Policy", "default-src 'self'; style-src 'self' 'unsafe-inline'");
    res.send(h.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
