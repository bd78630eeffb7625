package org.vigie.server.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.util.Locale;

/**
 * The interface language of a request: {@code ?lang=fr|en} when a person chose one with the
 * switch, otherwise the first of French or English in Accept-Language, otherwise English. The
 * choice lives in the URL, not a cookie, so a cache keyed on URL and Accept-Language stays right.
 */
record Lang(String code, boolean explicit) {
  static final Lang EN = new Lang("en", false);

  static Lang of(ServerRequest req) {
    String q = req.query().first("lang").asOptional().orElse("");
    if (q.equals("fr") || q.equals("en")) {
      return new Lang(q, true);
    }
    return new Lang(fromAcceptLanguage(req.headers().first(HeaderNames.ACCEPT_LANGUAGE).orElse("")), false);
  }

  /** The best of fr/en by q-value; English when neither is acceptable. */
  static String fromAcceptLanguage(String header) {
    String best = "en";
    double bestQ = -1;
    for (String part : header.split(",")) {
      String[] bits = part.trim().split(";");
      String tag = bits[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < bits.length; i++) {
        String p = bits[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      String primary = tag.contains("-") ? tag.substring(0, tag.indexOf('-')) : tag;
      if ((primary.equals("fr") || primary.equals("en")) && q > bestQ && q > 0) {
        best = primary;
        bestQ = q;
      }
    }
    return best;
  }

  boolean fr() {
    return code.equals("fr");
  }

  /** A link within the site that keeps an explicit language choice. */
  String link(String path) {
    if (!explicit) {
      return path;
    }
    return path + (path.contains("?") ? "&" : "?") + "lang=" + code;
  }
}
