package org.vigie.server.web;

import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.vigie.core.model.Countries;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.ingest.RateLimiter;
import org.vigie.core.model.Service;
import org.vigie.core.signal.ReporterKeys;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.SendResult;
import org.vigie.server.http.Problem;
import org.vigie.server.notify.Notifications;
import org.vigie.server.notify.SubscriptionRoutes;

/**
 * Self-service e-mail subscriptions (issue 6): {@code /subscribe} signs up (double opt-in: the
 * subscription stays inactive until the link in the confirmation mail is followed), and the
 * signed links of every message leave in one click (RFC 8058: mail clients POST to the
 * {@code List-Unsubscribe} link; a person who opens it gets a button, so mail scanners that
 * follow links do not unsubscribe anyone). Links carry an HMAC ({@code LinkSigner}): a link made
 * for one subscription and purpose works for no other.
 */
final class SubscribeView {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_EMAIL = 254;

  /** Confirmation mails one network (/24 or /48) may cause per {@link #MAIL_WINDOW}. */
  static final int MAILS_PER_NETWORK = 5;

  /** Confirmation mails one address may receive per {@link #MAIL_WINDOW}. */
  static final int MAILS_PER_ADDRESS = 3;

  /** The form sends mail to any address typed in: without limits it would be a way to flood one. */
  static final Duration MAIL_WINDOW = Duration.ofHours(1);

  private final Site site;
  private final Layout layout;
  private final ReporterKeys keys;
  private final RateLimiter perNetwork;
  private final RateLimiter perAddress;

  SubscribeView(Site site, Layout layout, ReporterKeys keys) {
    this.site = site;
    this.layout = layout;
    this.keys = keys;
    this.perNetwork = new RateLimiter(MAILS_PER_NETWORK, MAIL_WINDOW, site.vigie.config().clock());
    this.perAddress = new RateLimiter(MAILS_PER_ADDRESS, MAIL_WINDOW, site.vigie.config().clock());
  }

  private Notifications notifications() {
    return site.vigie.notifications();
  }

  void form(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    formPage(res, lang, 200, "", Set.of(), "", PublicStatus.POSSIBLE_PROBLEMS, null);
  }

  private void formPage(ServerResponse res, Lang lang, int status, String email, Set<String> chosen, String countries,
      PublicStatus min, String error) {
    Messages m = Messages.of(lang);
    Html h = layout.begin(lang, m.t("subscribe.title"), "/subscribe", null, false, null);
    h.raw("<h1>").text(m.t("subscribe.title")).raw("</h1><p>").text(m.t("subscribe.lead")).raw("</p>");
    if (notifications().email() == null) {
      h.raw("<p class=\"notice\" role=\"status\">").text(m.t("subscribe.no-email")).raw("</p>");
    }
    if (error != null) {
      h.raw("<p class=\"notice error\" role=\"alert\" id=\"subscribe-error\">").text(error).raw("</p>");
    }
    h.raw("<form class=\"card\" method=\"post\"").attr("action", lang.link("/subscribe")).raw("><div class=\"row\"><label for=\"sub-email\">")
        .text(m.t("subscribe.email")).raw("</label><input id=\"sub-email\" name=\"email\" type=\"email\" required autocomplete=\"email\"")
        .attr("maxlength", MAX_EMAIL).attr("value", email).raw("></div><fieldset><legend>").text(m.t("subscribe.services")).raw("</legend><ul class=\"choices\">");
    for (Service s : site.vigie.catalogue().services()) {
      String id = "sub-s-" + s.slug();
      h.raw("<li><input type=\"checkbox\" name=\"service\"").attr("id", id).attr("value", s.slug()).raw(chosen.contains(s.slug()) ? " checked" : "")
          .raw("><label").attr("for", id).raw(">").text(s.name()).raw("</label></li>");
    }
    h.raw("</ul></fieldset><div class=\"row\"><label for=\"sub-countries\">").text(m.t("subscribe.countries"))
        .raw("</label><input id=\"sub-countries\" name=\"countries\" autocomplete=\"off\" aria-describedby=\"sub-countries-hint\"").attr("value", countries)
        .raw("><span class=\"muted\" id=\"sub-countries-hint\">").text(m.t("subscribe.countries.hint")).raw("</span></div><div class=\"row\"><label for=\"sub-min\">")
        .text(m.t("subscribe.min")).raw("</label><select id=\"sub-min\" name=\"min\">");
    for (PublicStatus p : List.of(PublicStatus.POSSIBLE_PROBLEMS, PublicStatus.OUTAGE)) {
      h.raw("<option").attr("value", p.name()).raw(p == min ? " selected" : "").raw(">").text(m.t("status." + p.name())).raw("</option>");
    }
    h.raw("</select></div><button type=\"submit\" class=\"primary\">").text(m.t("subscribe.go")).raw("</button></form>");
    layout.end(h, lang);
    Layout.send(res, status, h, "no-store");
  }

  void subscribe(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    Map<String, List<String>> form = Forms.parseAll(req);
    String email = Forms.clean(first(form, "email"));
    Set<String> services = new LinkedHashSet<>(form.getOrDefault("service", List.of()));
    String countryText = Forms.clean(first(form, "countries"));
    PublicStatus min = "OUTAGE".equals(first(form, "min")) ? PublicStatus.OUTAGE : PublicStatus.POSSIBLE_PROBLEMS;
    Set<String> countries = new LinkedHashSet<>();
    String error = null;
    if (notifications().email() == null) {
      error = m.t("subscribe.no-email");
    } else if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
      error = m.t("subscribe.error.email", email);
    } else if (services.isEmpty()) {
      error = m.t("subscribe.error.services");
    } else {
      for (String s : services) {
        if (site.vigie.catalogue().find(s).isEmpty()) {
          error = m.t("subscribe.error.service", s);
        }
      }
      for (String c : countryText.split("[,\\s]+")) {
        String code = c.toUpperCase(Locale.ROOT);
        if (c.isEmpty()) {
          continue;
        }
        if (!Countries.isValid(code)) {
          error = m.t("subscribe.error.country", c);
        }
        countries.add(code);
      }
    }
    if (error != null) {
      formPage(res, lang, notifications().email() == null ? 503 : 400, email, services, countryText, min, error);
      return;
    }
    long addressKey = UUID.nameUUIDFromBytes(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    if (!perNetwork.tryAcquire(keys.networkOf(Forms.address(req)), 1).isZero() || !perAddress.tryAcquire(addressKey, 1).isZero()) {
      formPage(res, lang, 429, email, services, countryText, min, m.t("subscribe.error.rate"));
      return;
    }
    Subscription s = new Subscription(SubscriptionRoutes.newId(), email, services, countries, min, List.of(new Channel("email", email, null)), false,
        site.vigie.config().clock().instant());
    site.vigie.storage().subscriptions().put(s);
    String link = base() + "/subscriptions/" + s.id() + "/confirm?sig=" + notifications().signer().sign("confirm", s.id())
        + (lang.fr() ? "&lang=fr" : "");
    String names = String.join(", ", services.stream().map(x -> site.vigie.catalogue().find(x).orElseThrow().name()).toList());
    SendResult sent = notifications().email().sendPlain(email, m.t("subscribe.mail.subject"), m.t("subscribe.mail.body", names, link));
    if (sent instanceof SendResult.Failed) {
      // Nothing half-done: without the mail, nobody could ever confirm this subscription.
      site.vigie.storage().subscriptions().remove(s.id());
      formPage(res, lang, 503, email, services, countryText, min, m.t("subscribe.error.send"));
      return;
    }
    message(res, lang, m.t("subscribe.sent.title"), m.t("subscribe.sent", email), null);
  }

  void confirm(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    String id = signed(req, "confirm");
    Subscription s = site.vigie.storage().subscriptions().find(id)
        .orElseThrow(() -> new Problem(404, "Not found", m.t("subscribe.gone")));
    site.vigie.storage().subscriptions().put(s.withConfirmed(true));
    String names = String.join(", ", s.services().stream().map(x -> site.vigie.catalogue().find(x).map(Service::name).orElse(x)).toList());
    message(res, lang, m.t("subscribe.confirmed.title"), m.t("subscribe.confirmed", names), null);
  }

  /** What a person who opens the unsubscribe link sees: one button (a GET changes nothing). */
  void unsubscribePage(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    String id = signed(req, "unsubscribe");
    String action = "/subscriptions/" + id + "/unsubscribe?sig=" + req.query().first("sig").orElse("") + (lang.fr() ? "&lang=fr" : "");
    message(res, lang, m.t("unsubscribe.title"), m.t("unsubscribe.lead"), action);
  }

  /** The one-click POST (from the button, or from a mail client per RFC 8058). */
  void unsubscribe(ServerRequest req, ServerResponse res) {
    Lang lang = Lang.of(req);
    Messages m = Messages.of(lang);
    String id = signed(req, "unsubscribe");
    site.vigie.storage().subscriptions().remove(id);
    message(res, lang, m.t("unsubscribe.done.title"), m.t("unsubscribe.done"), null);
  }

  private String signed(ServerRequest req, String purpose) {
    String id = req.path().pathParameters().get("id");
    String sig = req.query().first("sig").orElse(null);
    if (!notifications().signer().verify(purpose, id, sig)) {
      throw new Problem(403, "Forbidden", Messages.of(Lang.of(req)).t("subscribe.bad-link"));
    }
    return id;
  }

  /** A short page with a heading and a sentence, and a button posting to {@code action} when given. */
  private void message(ServerResponse res, Lang lang, String title, String text, String action) {
    Messages m = Messages.of(lang);
    Html h = layout.begin(lang, title, "/subscribe", null, false, null);
    h.raw("<h1>").text(title).raw("</h1><p role=\"status\">").text(text).raw("</p>");
    if (action != null) {
      h.raw("<form method=\"post\"").attr("action", action).raw("><button type=\"submit\" class=\"primary\">").text(m.t("unsubscribe.go"))
          .raw("</button></form>");
    }
    layout.end(h, lang);
    Layout.send(res, 200, h, "no-store");
  }

  private String base() {
    String u = notifications().settings().publicUrl();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String first(Map<String, List<String>> form, String key) {
    List<String> v = form.get(key);
    return v == null || v.isEmpty() ? "" : v.getFirst();
  }
}
