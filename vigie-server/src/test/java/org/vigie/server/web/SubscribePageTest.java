package org.vigie.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.channel.EmailChannel;
import org.vigie.server.TestServer;
import org.vigie.server.Vigie;
import org.vigie.server.VigieConfig;

/**
 * Self-service subscriptions through a real Vigie and a real SMTP server (GreenMail): a person
 * signs up on the page, receives the confirmation mail, follows its link and gets alerts; the
 * alert's signed one-click {@code List-Unsubscribe} link removes them, a tampered one does not.
 */
class SubscribePageTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
  private static final Pattern LINK = Pattern.compile("https?://\\S+");

  @TempDir Path dir;
  private Vigie vigie;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() {
    EmailChannel.Smtp smtp = new EmailChannel.Smtp("127.0.0.1", greenMail.getSmtp().getPort(), "alerts@vigie.example", null, null, false);
    vigie = Vigie.start(VigieConfig.defaults(dir).withHost("127.0.0.1").withPort(0).withAdminToken(TestServer.ADMIN)
        .withClock(new TestServer.SettableClock(NOW)).withSmtp(smtp));
  }

  @AfterEach
  void stop() {
    vigie.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * The links in mails start with the configured public address; this test's server listens on
   * a port chosen at start, so only the path and query of a link are kept.
   */
  private URI local(String link) {
    URI u = URI.create(link);
    return URI.create("http://127.0.0.1:" + vigie.port() + u.getRawPath() + "?" + u.getRawQuery());
  }

  private HttpResponse<String> get(URI u, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(u).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  private HttpResponse<String> post(URI u, String form, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(u).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b);
  }

  private URI page(String path) {
    return URI.create("http://127.0.0.1:" + vigie.port() + path);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The decoded text of a plain-text mail. */
  private static String text(MimeMessage mail) throws Exception {
    return (String) mail.getContent();
  }

  private static String link(String text) {
    Matcher m = LINK.matcher(text);
    assertThat(m.find()).as("a link in %s", text).isTrue();
    return m.group();
  }

  private Subscription only() {
    List<Subscription> all = vigie.storage().subscriptions().all();
    assertThat(all).hasSize(1);
    return all.getFirst();
  }

  private static Incident outage(Instant at) {
    return new Incident(1, "instagram", at, at.plusSeconds(60), null, PublicStatus.OUTAGE, PublicStatus.OUTAGE, 4000, at.plusSeconds(600),
        40_000, List.of(new Incident.CountryShare("FR", 20_000, true, at, null)), List.of(new Incident.IndicatorShare("app", 100)),
        List.of(new Incident.TimelineEvent(at.plusSeconds(60), "opened", "Problems detected")), null);
  }

  @Test
  void aPersonSignsUpConfirmsByMailGetsAlertsAndLeavesWithTheOneClickLink() throws Exception {
    String form = get(page("/subscribe")).body();
    assertThat(form).contains("name=\"email\"").contains("value=\"instagram\"").contains("Get alerts by e-mail");

    HttpResponse<String> signedUp = post(page("/subscribe"), "email=" + enc("ana@example.org") + "&service=instagram&service=whatsapp&countries="
        + enc("fr, be") + "&min=OUTAGE");
    assertThat(signedUp.statusCode()).isEqualTo(200);
    assertThat(signedUp.body()).contains("Check your mailbox").contains("ana@example.org");
    Subscription pending = only();
    assertThat(pending.confirmed()).isFalse();
    assertThat(pending.services()).containsExactlyInAnyOrder("instagram", "whatsapp");
    assertThat(pending.countries()).containsExactlyInAnyOrder("FR", "BE");
    assertThat(pending.minSeverity()).isEqualTo(PublicStatus.OUTAGE);

    assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage confirmation = greenMail.getReceivedMessages()[0];
    assertThat(confirmation.getAllRecipients()[0].toString()).isEqualTo("ana@example.org");
    assertThat(confirmation.getSubject()).isEqualTo("[Vigie] Confirm your subscription");
    String confirmLink = link(text(confirmation));
    assertThat(confirmLink).contains("/subscriptions/" + pending.id() + "/confirm?sig=");

    // A link whose signature was changed confirms nothing.
    HttpResponse<String> forged = get(local(confirmLink.replaceFirst("sig=.", "sig=A")));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("This link is not valid");
    assertThat(only().confirmed()).isFalse();

    HttpResponse<String> confirmed = get(local(confirmLink));
    assertThat(confirmed.statusCode()).isEqualTo(200);
    assertThat(confirmed.body()).contains("Subscription confirmed").contains("Instagram");
    assertThat(only().confirmed()).isTrue();

    // An outage in France now reaches Ana, with a one-click unsubscribe header and link.
    // The notifier groups for two minutes of event time before the first message.
    vigie.notifications().listener().process(outage(NOW), NOW.plusSeconds(60));
    vigie.notifications().listener().process(outage(NOW), NOW.plusSeconds(240));
    assertThat(greenMail.waitForIncomingEmail(30_000, 2)).isTrue();
    MimeMessage alert = greenMail.getReceivedMessages()[1];
    assertThat(alert.getSubject()).contains("Instagram");
    assertThat(alert.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
    String header = alert.getHeader("List-Unsubscribe")[0];
    String unsubscribe = header.substring(1, header.length() - 1);
    assertThat(text(alert)).contains(unsubscribe);

    // Opening the link shows a button and changes nothing (mail scanners follow links).
    HttpResponse<String> button = get(local(unsubscribe));
    assertThat(button.statusCode()).isEqualTo(200);
    assertThat(button.body()).contains("Stop all messages").contains("method=\"post\"");
    assertThat(vigie.storage().subscriptions().all()).hasSize(1);

    String tampered = unsubscribe.replace("/subscriptions/" + pending.id() + "/", "/subscriptions/sub_someoneElse/");
    assertThat(post(local(tampered), "List-Unsubscribe=One-Click").statusCode()).isEqualTo(403);
    assertThat(post(local(unsubscribe.replaceFirst("sig=.", "sig=A")), "List-Unsubscribe=One-Click").statusCode()).isEqualTo(403);
    assertThat(vigie.storage().subscriptions().all()).hasSize(1);

    // What a mail client sends for RFC 8058 one-click unsubscribe.
    HttpResponse<String> gone = post(local(unsubscribe), "List-Unsubscribe=One-Click");
    assertThat(gone.statusCode()).isEqualTo(200);
    assertThat(gone.body()).contains("Unsubscribed");
    assertThat(vigie.storage().subscriptions().all()).isEmpty();
  }

  @Test
  void aBadFormIsShownAgainWithTheErrorAndNothingIsSavedNorSent() {
    HttpResponse<String> r = post(page("/subscribe"), "email=" + enc("not-an-address") + "&service=instagram");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("role=\"alert\"").contains("The e-mail address &quot;not-an-address&quot; is not valid.")
        .contains("value=\"not-an-address\"");

    assertThat(post(page("/subscribe"), "email=" + enc("ana@example.org")).body()).contains("Choose at least one service.");
    assertThat(post(page("/subscribe"), "email=" + enc("ana@example.org") + "&service=instagram&countries=" + enc("FR, <b>"))
        .body()).contains("&quot;&lt;b&gt;&quot; is not a two-letter country code").contains("value=\"instagram\" checked");
    assertThat(post(page("/subscribe"), "email=" + enc("ana@example.org") + "&service=nope").body()).contains("There is no service &quot;nope&quot;");

    assertThat(vigie.storage().subscriptions().all()).isEmpty();
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void theFormCannotBeUsedToFloodAnAddressWithConfirmationMails() throws Exception {
    for (int i = 0; i < SubscribeView.MAILS_PER_ADDRESS; i++) {
      assertThat(post(page("/subscribe"), "email=" + enc("victim@example.org") + "&service=instagram").statusCode()).isEqualTo(200);
    }
    HttpResponse<String> refused = post(page("/subscribe"), "email=" + enc("Victim@Example.org") + "&service=instagram");
    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.body()).contains("Too many subscriptions were asked");
    assertThat(greenMail.waitForIncomingEmail(30_000, SubscribeView.MAILS_PER_ADDRESS)).isTrue();
    assertThat(greenMail.getReceivedMessages()).hasSize(SubscribeView.MAILS_PER_ADDRESS);
    assertThat(vigie.storage().subscriptions().all()).hasSize(SubscribeView.MAILS_PER_ADDRESS);

    // Other addresses from the same network: a few more, then the network is refused too (the
    // refused attempt above counted against the network as well).
    int more = SubscribeView.MAILS_PER_NETWORK - SubscribeView.MAILS_PER_ADDRESS - 1;
    for (int i = 0; i < more; i++) {
      assertThat(post(page("/subscribe"), "email=" + enc("other" + i + "@example.org") + "&service=instagram").statusCode()).isEqualTo(200);
    }
    assertThat(post(page("/subscribe"), "email=" + enc("last@example.org") + "&service=instagram").statusCode()).isEqualTo(429);
  }

  @Test
  void withoutAMailRelayThePageSaysSoAndStoresNothing(@TempDir Path other) {
    try (WebFixture noMail = new WebFixture(other)) {
      assertThat(noMail.get("/subscribe").body()).contains("This Vigie has no mail relay");
      HttpResponse<String> r = noMail.postForm("/subscribe", "email=" + enc("ana@example.org") + "&service=instagram");
      assertThat(r.statusCode()).isEqualTo(503);
      assertThat(r.body()).contains("role=\"alert\"").contains("This Vigie has no mail relay");
      assertThat(noMail.server.vigie.storage().subscriptions().all()).isEmpty();
    }
  }

  @Test
  void aFrenchVisitorGetsTheFormAndTheConfirmationInFrench() throws Exception {
    String form = get(page("/subscribe"), "Accept-Language", "fr-FR,fr;q=0.9").body();
    assertThat(form).contains("Recevoir les alertes par e-mail").contains("lang=\"fr\"");

    post(page("/subscribe"), "email=" + enc("zoe@example.fr") + "&service=instagram", "Accept-Language", "fr-FR,fr;q=0.9");

    assertThat(greenMail.waitForIncomingEmail(30_000, 1)).isTrue();
    MimeMessage mail = greenMail.getReceivedMessages()[0];
    assertThat(mail.getSubject()).isEqualTo("[Vigie] Confirmez votre abonnement");
    String confirm = link(text(mail));
    assertThat(get(local(confirm)).body()).contains("Abonnement confirmé");
  }
}
