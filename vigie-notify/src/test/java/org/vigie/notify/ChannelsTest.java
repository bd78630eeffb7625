package org.vigie.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.notify.channel.DiscordChannel;
import org.vigie.notify.channel.HttpChannel;
import org.vigie.notify.channel.NtfyChannel;
import org.vigie.notify.channel.SlackChannel;
import org.vigie.notify.channel.TeamsChannel;
import org.vigie.notify.channel.TelegramChannel;
import org.vigie.notify.channel.WebhookChannel;

/** Each channel against a local fake of its receiver, checking the payload shape the real one requires. */
class ChannelsTest {
  private final HttpClient http = HttpChannel.defaultClient();
  private final FakeReceiver fake = new FakeReceiver();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void slackGetsFallbackTextAndBlockKitSections() {
    SendResult r = new SlackChannel(http).send(Fixtures.opened(), new Channel("slack", fake.url("/services/T0/B0/XXX"), null));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    FakeReceiver.Request q = fake.requests.getFirst();
    assertThat(q.method()).isEqualTo("POST");
    assertThat(q.header("Content-Type")).startsWith("application/json");
    JsonNode j = q.json();
    assertThat(j.path("text").asText()).isEqualTo("Instagram: Problems detected");
    assertThat(j.path("blocks").get(0).path("type").asText()).isEqualTo("section");
    assertThat(j.path("blocks").get(0).path("text").path("type").asText()).isEqualTo("mrkdwn");
    assertThat(j.path("blocks").get(0).path("text").path("text").asText()).startsWith("*Instagram: Problems detected*\n").contains("US, DE, NL");
    assertThat(j.path("blocks").get(1).path("type").asText()).isEqualTo("context");
  }

  @Test
  void discordGetsOneEmbedWithinItsLimitsAndNoMentions() {
    fake.answering(204);
    SendResult r = new DiscordChannel(http).send(Fixtures.opened(), new Channel("discord", fake.url("/api/webhooks/1/tok"), null));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    JsonNode j = fake.requests.getFirst().json();
    JsonNode e = j.path("embeds").get(0);
    assertThat(j.path("embeds").size()).isEqualTo(1);
    assertThat(e.path("title").asText()).hasSizeLessThanOrEqualTo(256).isEqualTo("Instagram: Problems detected");
    assertThat(e.path("description").asText()).hasSizeLessThanOrEqualTo(4096);
    assertThat(e.path("color").isInt()).isTrue();
    assertThat(e.path("timestamp").asText()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(e.path("fields").get(0).path("name").asText()).isEqualTo("Status");
    assertThat(j.path("allowed_mentions").path("parse").isArray()).isTrue();
    assertThat(j.path("allowed_mentions").path("parse").size()).isZero();
  }

  @Test
  void teamsGetsAnAdaptiveCardMessage() {
    fake.answering(202);
    SendResult r = new TeamsChannel(http).send(Fixtures.opened(), new Channel("teams", fake.url("/workflows/x?sig=s"), null));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    JsonNode j = fake.requests.getFirst().json();
    assertThat(j.path("type").asText()).isEqualTo("message");
    JsonNode a = j.path("attachments").get(0);
    assertThat(a.path("contentType").asText()).isEqualTo("application/vnd.microsoft.card.adaptive");
    assertThat(a.has("contentUrl")).isTrue();
    JsonNode card = a.path("content");
    assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
    assertThat(card.path("version").asText()).isEqualTo("1.4");
    assertThat(card.path("$schema").asText()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
    assertThat(card.path("body").get(0).path("type").asText()).isEqualTo("TextBlock");
    assertThat(card.path("body").get(2).path("type").asText()).isEqualTo("FactSet");
    assertThat(card.path("actions").get(0).path("type").asText()).isEqualTo("Action.OpenUrl");
  }

  @Test
  void ntfyGetsAJsonPublishToTheServerRootNamingTheTopic() {
    SendResult r = new NtfyChannel(http).send(Fixtures.resolved(), new Channel("ntfy", fake.url("/vigie-alerts"), "tk_secret"));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    FakeReceiver.Request q = fake.requests.getFirst();
    assertThat(q.path()).isEqualTo("/");
    assertThat(q.header("Authorization")).isEqualTo("Bearer tk_secret");
    JsonNode j = q.json();
    assertThat(j.path("topic").asText()).isEqualTo("vigie-alerts");
    assertThat(j.path("title").asText()).isEqualTo("Instagram: back to normal");
    assertThat(j.path("priority").asInt()).isBetween(1, 5);
    assertThat(j.path("tags").get(0).asText()).isEqualTo("white_check_mark");
    assertThat(j.path("click").asText()).isEqualTo("https://vigie.example/incidents/42");
  }

  @Test
  void telegramGetsSendMessageWithHtmlAndTheBotTokenInThePath() {
    fake.okBody("{\"ok\":true,\"result\":{\"message_id\":1}}");
    SendResult r = new TelegramChannel(http, fake.url("")).send(Fixtures.opened(), new Channel("telegram", "-1001234", "123:ABC"));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    FakeReceiver.Request q = fake.requests.getFirst();
    assertThat(q.path()).isEqualTo("/bot123:ABC/sendMessage");
    JsonNode j = q.json();
    assertThat(j.path("chat_id").asText()).isEqualTo("-1001234");
    assertThat(j.path("parse_mode").asText()).isEqualTo("HTML");
    assertThat(j.path("text").asText()).startsWith("<b>Instagram: Problems detected</b>\n");
    assertThat(j.path("link_preview_options").path("is_disabled").asBoolean()).isTrue();
  }

  @Test
  void telegramOkFalseIsAFailureEvenWithA200() {
    fake.okBody("{\"ok\":false,\"description\":\"chat not found\"}");
    SendResult r = new TelegramChannel(http, fake.url("")).send(Fixtures.opened(), new Channel("telegram", "1", "123:ABC"));
    assertThat(r).isInstanceOf(SendResult.Failed.class);
    assertThat(((SendResult.Failed) r).reason()).contains("chat not found");
  }

  @Test
  void webhooksCarryTheStandardWebhooksHeadersAndAVerifiableSignature() throws Exception {
    String secret = WebhookChannel.newSecret();
    SendResult r = new WebhookChannel(http).send(Fixtures.opened(), new Channel("webhook", fake.url("/hook"), secret));
    assertThat(r).isInstanceOf(SendResult.Sent.class);
    FakeReceiver.Request q = fake.requests.getFirst();
    assertThat(q.header("webhook-id")).isEqualTo("msg_abc");
    assertThat(q.header("webhook-timestamp")).isEqualTo("1767225600");
    // Recomputed here from the spec's definition; vigie-server's test verifies it with the npm library.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
    String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(("msg_abc.1767225600." + q.body()).getBytes()));
    assertThat(q.header("webhook-signature")).isEqualTo(expected);
    assertThat(q.json().path("type").asText()).isEqualTo("incident.opened");
    assertThat(q.json().path("data").path("id").asLong()).isEqualTo(42);
  }

  @Test
  void whichAnswersAreWorthRetrying() {
    assertThat(HttpChannel.retryable(500)).isTrue();
    assertThat(HttpChannel.retryable(503)).isTrue();
    assertThat(HttpChannel.retryable(429)).isTrue();
    assertThat(HttpChannel.retryable(408)).isTrue();
    assertThat(HttpChannel.retryable(400)).isFalse();
    assertThat(HttpChannel.retryable(404)).isFalse();
    assertThat(HttpChannel.retryable(410)).isFalse();
  }
}
