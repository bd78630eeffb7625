package org.vigie.server.web;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.vigie.core.fusion.ProbeEvidence;
import org.vigie.core.model.Evidence;

/**
 * The service page's "what the probes see" card: per probed target, the quorum's sentence ("DNS
 * SERVFAIL from 3 of 4 vantage points since 15:50 UTC"), a badge saying the same in a word, and
 * each vantage point's latest outcome. Times are UTC in the sentence, as in the API's summary.
 */
final class ProbeSection {
  private ProbeSection() {}

  static void render(Html h, List<ProbeEvidence> probes, Messages m) {
    h.raw("<section id=\"probes\" class=\"card\" aria-labelledby=\"probes-h\"><h2 id=\"probes-h\">").text(m.t("probes.heading")).raw("</h2>");
    if (probes.isEmpty()) {
      h.raw("<p class=\"muted\">").text(m.t("probes.none")).raw("</p></section>");
      return;
    }
    h.raw("<ul class=\"probes\">");
    for (ProbeEvidence p : probes) {
      String level = p.evidence().atLeast(Evidence.MODERATE) ? "down" : p.evidence() == Evidence.WEAK ? "warn" : "ok";
      h.raw("<li><span class=\"badge ").raw(level).raw("\">").text(m.t("probes.level." + level)).raw("</span> <strong class=\"probe-summary\">")
          .text(sentence(p, m)).raw("</strong> <span class=\"muted\">").text(p.target()).raw("</span><ul class=\"vantages\">");
      for (Map.Entry<String, String> v : p.byVantage().entrySet()) {
        h.raw("<li>").text(v.getKey()).raw(": ").text(code(v.getValue())).raw("</li>");
      }
      h.raw("</ul></li>");
    }
    h.raw("</ul></section>");
  }

  /** "DNS SERVFAIL from 3 of 4 vantage points since 15:50 UTC", or "DNS OK from 4 vantage points". */
  static String sentence(ProbeEvidence p, Messages m) {
    String one = p.vantages() == 1 ? ".one" : "";
    if (p.failing() == 0) {
      return m.t("probes.ok" + one, code(p.kind()), p.vantages());
    }
    return m.t("probes.failing" + one, code(p.kind()), code(p.outcome()), p.failing(), p.vantages(), Layout.hhmm(p.since()) + " UTC");
  }

  /** A kind or outcome as the technical code it is, the same in both languages: servfail → SERVFAIL. */
  private static String code(String s) {
    return s.toUpperCase(Locale.ROOT).replace('_', ' ');
  }
}
