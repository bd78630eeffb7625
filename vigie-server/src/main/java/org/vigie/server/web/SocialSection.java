package org.vigie.server.web;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.vigie.core.model.Service;
import org.vigie.sources.social.ComplaintTally;

/**
 * The service page's "posts about problems" (issue 8): how many people complained about the
 * service on the social streams Vigie reads in the last hour, against the usual for that hour,
 * and the latest complaint posts with where they came from. Post texts are written by strangers:
 * every one goes through {@link Html#text}, never raw.
 */
final class SocialSection {
  /** The window of the count, as for the most reported problems. */
  static final Duration WINDOW = Duration.ofHours(1);

  /** Posts older than this are no longer quoted. */
  static final Duration QUOTED_FOR = Duration.ofHours(24);

  private SocialSection() {}

  static void render(Html h, Service s, ComplaintTally tally, Instant now, Lang lang, Messages m) {
    h.raw("<section id=\"social\" class=\"card\" aria-labelledby=\"social-h\"><h2 id=\"social-h\">").text(m.t("social.heading")).raw("</h2>");
    // Complaining authors are counted per minute, as reports are: the sum over the hour is what
    // the per-minute baseline can be compared with.
    long authors = 0;
    double usual = 0;
    for (ComplaintTally.SocialMinute x : tally.recent(s.slug(), now.minus(WINDOW), now)) {
      authors += x.authors();
      usual += x.expected();
    }
    String usually = String.format(lang.fr() ? Locale.FRENCH : Locale.ENGLISH, "%.1f", usual);
    h.raw("<p id=\"social-count\">").text(authors == 0
        ? m.t("social.none", s.name(), usually)
        : m.t("social.count", Layout.number(authors, lang), s.name(), usually)).raw("</p>");
    List<ComplaintTally.Quote> quotes = tally.quotes(s.slug()).stream().filter(q -> q.at().isAfter(now.minus(QUOTED_FOR))).toList();
    if (!quotes.isEmpty()) {
      h.raw("<h3>").text(m.t("social.latest")).raw("</h3><ul class=\"statements\" id=\"social-posts\">");
      for (ComplaintTally.Quote q : quotes) {
        h.raw("<li>");
        Layout.time(h, q.at(), lang);
        h.raw(" <strong>").text(source(q.source())).raw("</strong> <q>").text(q.text()).raw("</q></li>");
      }
      h.raw("</ul>");
    }
    h.raw("<p class=\"muted\">").text(m.t("social.note")).raw("</p></section>");
  }

  /** "mastodon:mas.to" → "Mastodon (mas.to)", "bluesky" → "Bluesky"; other sources as the client named them. */
  static String source(String source) {
    if (source.startsWith("mastodon:")) {
      return "Mastodon (" + source.substring("mastodon:".length()) + ")";
    }
    return "bluesky".equals(source) ? "Bluesky" : source;
  }
}
