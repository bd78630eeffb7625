package org.vigie.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.vigie.core.incident.Incident;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.Dispatcher;
import org.vigie.notify.NotifyPolicy;
import org.vigie.notify.channel.EmailChannel;
import org.vigie.notify.channel.WebhookChannel;
import org.vigie.server.ExternalTools;
import org.vigie.server.TestServer;

/**
 * A real Vigie (SQLite store) with the notification side wired as the lead will wire it: an
 * outage replayed minute by minute through the notifier reaches a real SMTP server (GreenMail)
 * and a webhook receiver whose signatures the npm {@code standardwebhooks} library verifies.
 */
class NotifyEndToEndTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  @TempDir Path dir;
  private HttpServer receiver;
  private final List<Map<String, Object>> hooks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean receiverDown = new AtomicBoolean();
  private static final Instant ONSET = Instant.parse("2019-06-13T14:10:00Z");

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/hook", ex -> {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
        headers.put(h, ex.getRequestHeaders().getFirst(h));
      }
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      hooks.add(Map.of("headers", headers, "body", body));
      ex.sendResponseHeaders(receiverDown.get() ? 503 : 204, -1);
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private Notifications notifications(TestServer server) {
    NotifySettings settings = NotifySettings.defaults("https://vigie.example")
        .withSmtp(new EmailChannel.Smtp("127.0.0.1", greenMail.getSmtp().getPort(), "alerts@vigie.example", null, null, false))
        .withPolicy(NotifyPolicy.DEFAULT);
    // Event time is given per change below; wall time is the real clock, which the Standard
    // Webhooks library checks the timestamp against.
    return new Notifications(server.vigie, settings, () -> null, InstantSource.system(), Dispatcher.Outcomes.NONE);
  }

  private static Incident snapshot(long id, int minute, boolean resolved) {
    PublicStatus sev = minute == 0 ? PublicStatus.POSSIBLE_PROBLEMS : PublicStatus.OUTAGE;
    Instant end = resolved ? ONSET.plus(Duration.ofMinutes(minute - 30)) : null;
    return new Incident(id, "instagram", ONSET, ONSET.plusSeconds(60), end, sev, resolved ? PublicStatus.OPERATIONAL : sev,
        4000, ONSET.plusSeconds(600), 1000L * minute, List.of(new Incident.CountryShare("US", 500L * minute, !resolved, ONSET, end)),
        List.of(new Incident.IndicatorShare("app", 100)), List.of(new Incident.TimelineEvent(ONSET.plusSeconds(60), "opened", "Possible problems")),
        null);
  }

  /** The Instagram outage of 13 June 2019 as the engine reports it: every minute for about an hour, then resolved. */
  private static void replay(Notifications n, int fromMinute, int toMinute, boolean resolve) {
    for (int m = fromMinute; m < toMinute; m++) {
      n.listener().process(snapshot(1, m, false), ONSET.plus(Duration.ofMinutes(1 + m)));
    }
    if (resolve) {
      n.listener().process(snapshot(1, 95, true), ONSET.plus(Duration.ofMinutes(96)));
    }
  }

  private Subscription subscriber(String secret) {
    return new Subscription("sub_e2e", "ops@example.org", Set.of("instagram"), Set.of(), PublicStatus.POSSIBLE_PROBLEMS,
        List.of(new Channel("email", "ops@example.org", null), new Channel("webhook", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook", secret)),
        true, ONSET.minusSeconds(3600));
  }

  private static void verified(Map<String, Object> hook, String secret, Path dir) throws IOException {
    Path f = Files.createTempFile(dir, "hook", ".json");
    Files.writeString(f, TestServer.JSON.writeValueAsString(hook));
    ExternalTools.Result r = ExternalTools.node("verify-webhook.mjs", secret, f.toString());
    assertThat(r.exit()).as("standardwebhooks says: %s", r.output()).isZero();
  }

  @Test
  void anOutageGivesOneMailAndOneSignedWebhookWhenItOpensAndWhenItResolves() throws Exception {
    String secret = WebhookChannel.newSecret();
    try (TestServer server = new TestServer(dir); Notifications n = notifications(server)) {
      server.vigie.storage().subscriptions().put(subscriber(secret));
      for (int m = 0; m < 95; m++) {
        replay(n, m, m + 1, false);
        n.dispatcher().runOnce().get(60, TimeUnit.SECONDS);
      }
      replay(n, 0, 0, true);
      n.dispatcher().runOnce().get(60, TimeUnit.SECONDS);
      MimeMessage[] mails = greenMail.getReceivedMessages();
      assertThat(mails).extracting(MimeMessage::getSubject)
          .containsExactly("[Vigie] Instagram: Problems detected", "[Vigie] Instagram: back to normal");
      assertThat(mails[0].getHeader("List-Unsubscribe")[0]).startsWith("<https://vigie.example/subscriptions/sub_e2e/unsubscribe?sig=");
      assertThat(hooks).hasSize(2);
      for (Map<String, Object> h : hooks) {
        verified(h, secret, dir);
      }
      JsonNode first = TestServer.parse((String) hooks.getFirst().get("body"));
      assertThat(first.path("type").asText()).isEqualTo("incident.opened");
      assertThat(TestServer.parse((String) hooks.get(1).get("body")).path("type").asText()).isEqualTo("incident.resolved");
      assertThat(server.vigie.storage().incidents().find(1)).isPresent();
      assertThat(server.vigie.storage().notificationLog().sentCount()).isEqualTo(4);
    }
  }

  @Test
  void aTamperedWebhookFailsTheIndependentVerification() throws Exception {
    String secret = WebhookChannel.newSecret();
    try (TestServer server = new TestServer(dir); Notifications n = notifications(server)) {
      server.vigie.storage().subscriptions().put(subscriber(secret));
      replay(n, 0, 5, false);
      n.dispatcher().runOnce().get(60, TimeUnit.SECONDS);
      assertThat(hooks).hasSize(1);
      Map<String, Object> forged = new LinkedHashMap<>(hooks.getFirst());
      forged.put("body", ((String) forged.get("body")).replace("incident.opened", "incident.resolved"));
      Path f = Files.createTempFile(dir, "forged", ".json");
      Files.writeString(f, TestServer.JSON.writeValueAsString(forged));
      assertThat(ExternalTools.node("verify-webhook.mjs", secret, f.toString()).exit()).isNotZero();
    }
  }

  @Test
  void aCrashBetweenCommitAndSendLosesNothingAndAResendCarriesTheSameKey() throws Exception {
    String secret = WebhookChannel.newSecret();
    try (TestServer server = new TestServer(dir); Notifications n = notifications(server)) {
      server.vigie.storage().subscriptions().put(subscriber(secret));
      replay(n, 0, 5, false); // committed with the incident, not sent: the process dies here
      assertThat(server.vigie.storage().outbox().pending()).isEqualTo(2);
    }
    receiverDown.set(true); // the receiver takes it but answers 503: as if we died before recording
    try (TestServer server = new TestServer(dir); Notifications n = notifications(server)) {
      n.dispatcher().runOnce().get(60, TimeUnit.SECONDS);
      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      assertThat(hooks).hasSize(1);
      assertThat(server.vigie.storage().outbox().pending()).isEqualTo(1);
    }
    receiverDown.set(false);
    try (TestServer server = new TestServer(dir); Notifications n = notifications(server)) {
      // The back-off is wall-clock: the retry is due only later; move past it by asking with a later "now".
      Notifications later = new Notifications(server.vigie, n.settings(), () -> null,
          () -> Instant.now().plus(Duration.ofMinutes(5)), Dispatcher.Outcomes.NONE);
      later.dispatcher().runOnce().get(60, TimeUnit.SECONDS);
      later.close();
      assertThat(greenMail.getReceivedMessages()).hasSize(1);
      assertThat(hooks).hasSize(2);
      @SuppressWarnings("unchecked")
      List<String> ids = new ArrayList<>(hooks.stream().map(h -> ((Map<String, String>) h.get("headers")).get("webhook-id")).toList());
      assertThat(ids.get(0)).isEqualTo(ids.get(1));
      assertThat(server.vigie.storage().outbox().pending()).isZero();
      assertThat(server.vigie.storage().incidents().find(1)).isPresent();
    }
  }
}
