package org.vigie.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.vigie.core.storage.Outbox.Delivery;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.core.storage.SubscriptionStore.Subscription;
import org.vigie.notify.channel.DiscordChannel;
import org.vigie.notify.channel.HttpChannel;
import org.vigie.notify.channel.NtfyChannel;
import org.vigie.notify.channel.SlackChannel;
import org.vigie.notify.channel.TeamsChannel;
import org.vigie.notify.channel.TelegramChannel;
import org.vigie.notify.channel.WebhookChannel;

class DispatcherTest {
  private static final NotifyPolicy POLICY = new NotifyPolicy(Duration.ofMinutes(2), Duration.ofMinutes(15), Duration.ofHours(24), 4,
      Duration.ofSeconds(10), Duration.ofMinutes(1));
  private final HttpClient http = HttpChannel.defaultClient();
  private final MemoryStores store = new MemoryStores();
  private final ManualClock wall = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final FakeReceiver good = new FakeReceiver();

  @AfterEach
  void stop() {
    good.close();
  }

  private Dispatcher dispatcher(String telegramBase) {
    return new Dispatcher(store, store, store, List.of(new SlackChannel(http), new DiscordChannel(http), new TeamsChannel(http),
        new NtfyChannel(http), new TelegramChannel(http, telegramBase), new WebhookChannel(http)), POLICY, wall, Fixtures.LINKS,
        Dispatcher.Outcomes.NONE);
  }

  /** Replays the six-hour outage through the notifier into the outbox. */
  private void replayOutage(Subscription... subs) {
    for (Subscription s : subs) {
      store.put(s);
    }
    Notifier notifier = new Notifier(store, new Planner(POLICY), () -> null, wall, () -> {});
    try {
      for (Incidents.Change c : Incidents.sixHourOutage(9)) {
        notifier.process(c.incident(), c.at());
      }
    } finally {
      notifier.close();
    }
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> f) throws Exception {
    f.get(60, TimeUnit.SECONDS);
  }

  @Test
  void aFailingReceiverIsRetriedWithBackOffAndStillGetsItsMessagesInOrder() throws Exception {
    good.answering(503);
    replayOutage(Incidents.subscriber("s", new Channel("slack", good.url("/hook"), null)));
    Dispatcher d = dispatcher("http://127.0.0.1:1");
    assertThat(store.pending()).isEqualTo(2);
    await(d.runOnce());
    assertThat(store.pending()).isEqualTo(2);
    // Only the oldest message was tried: the next one to the same receiver waits behind it.
    assertThat(good.requests).hasSize(1);
    Delivery failed = store.due(Instant.MAX, 10).stream().filter(x -> x.attempts() == 1).findFirst().orElseThrow();
    assertThat(failed.nextAttemptAt()).isEqualTo(wall.instant().plusSeconds(10));
    assertThat(failed.lastError()).contains("HTTP 503");
    // Nothing is due before the back-off ran out.
    wall.advance(Duration.ofSeconds(9));
    await(d.runOnce());
    assertThat(good.requests).hasSize(1);
    wall.advance(Duration.ofSeconds(1));
    await(d.runOnce());
    assertThat(store.pending()).isZero();
    assertThat(store.sentCount()).isEqualTo(2);
    assertThat(good.requests.stream().map(r -> r.json().path("text").asText()).toList())
        .containsExactly("Instagram: Problems detected", "Instagram: Problems detected", "Instagram: back to normal");
    d.close();
  }

  @Test
  void aPermanentRefusalIsGivenUpAtOnceAndTooManyFailuresLater() throws Exception {
    good.answering(404, 404, 500, 500, 500, 500);
    replayOutage(Incidents.subscriber("s", new Channel("slack", good.url("/gone"), null)));
    Dispatcher d = dispatcher("http://127.0.0.1:1");
    await(d.runOnce());
    assertThat(store.dead(10)).hasSize(2);
    assertThat(store.dead(10).getFirst().lastError()).contains("HTTP 404");
    assertThat(store.pending()).isZero();
    d.close();
  }

  @Test
  void aDeadOrHangingChannelNeverHoldsUpTheOthers() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (FakeReceiver hanging = new FakeReceiver().hanging()) {
      replayOutage(Incidents.subscriber("s",
          new Channel("discord", "http://127.0.0.1:" + closedPort + "/api/webhooks/1/x", null),
          new Channel("teams", hanging.url("/wf"), null),
          new Channel("slack", good.url("/hook"), null)));
      Dispatcher d = dispatcher("http://127.0.0.1:1");
      var round = d.runOnce();
      // The good channel got both messages while the hanging one still holds its request.
      assertThat(hanging.arrived.await(30, TimeUnit.SECONDS)).isTrue();
      // The slack sends finish on their own virtual threads: wait for them (bounded, never a fixed sleep).
      org.awaitility.Awaitility.await("both slack messages sent").atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(5)).until(() -> store.sentCount() >= 2);
      assertThat(round.isDone()).isFalse();
      assertThat(good.requests).hasSize(2);
      assertThat(store.dead(10)).isEmpty();
      hanging.release();
      await(round);
      assertThat(store.sentCount()).isEqualTo(4); // slack 2 + teams 2
      // The dead receiver's first message failed; its later one waits behind it, in order.
      assertThat(store.due(Instant.MAX, 10)).anySatisfy(x -> assertThat(x.lastError()).contains("unreachable"));
      assertThat(store.due(Instant.MAX, 10)).allSatisfy(x -> assertThat(x.lastError()).containsAnyOf("unreachable", "waiting for an earlier"));
      d.close();
    }
  }

  @Test
  void noErrorMessageOrLogLineCarriesASecret() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (FakeReceiver echo = new FakeReceiver()) {
      // Receivers answer with errors that echo what they were sent, the worst case for leaks.
      echo.answering(500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 500);
      String webhookSecret = WebhookChannel.newSecret();
      List<String> secrets = List.of("T0SECRET/B0SECRET/slackpathsecret", "discordtokensecret", "teamssigsecret",
          "ntfytokensecret", "4242:telegrambotsecret", webhookSecret);
      replayOutage(Incidents.subscriber("s",
          new Channel("slack", echo.url("/services/T0SECRET/B0SECRET/slackpathsecret"), null),
          new Channel("discord", echo.url("/api/webhooks/1/discordtokensecret"), null),
          new Channel("teams", echo.url("/workflows/run?sig=teamssigsecret"), null),
          new Channel("ntfy", echo.url("/alerts"), "ntfytokensecret"),
          new Channel("telegram", "-100", "4242:telegrambotsecret"),
          new Channel("webhook", echo.url("/hook?token=whsecretquery"), webhookSecret)));
      Dispatcher d = new Dispatcher(store, store, store, List.of(new SlackChannel(http), new DiscordChannel(http), new TeamsChannel(http),
          new NtfyChannel(http), new TelegramChannel(http, "http://127.0.0.1:1"), new WebhookChannel(http)), POLICY, wall,
          Fixtures.LINKS, Dispatcher.Outcomes.NONE);
      await(d.runOnce());
      List<String> errors = store.due(Instant.MAX, 100).stream().map(Delivery::lastError).toList();
      assertThat(errors).hasSize(12).allSatisfy(e -> assertThat(e).isNotBlank());
      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).isNotEmpty();
      for (String s : List.of("T0SECRET", "slackpathsecret", "discordtokensecret", "teamssigsecret", "ntfytokensecret",
          "telegrambotsecret", "whsecretquery", webhookSecret, webhookSecret.substring(6))) {
        assertThat(errors).noneMatch(e -> e.contains(s));
        assertThat(lines).noneMatch(e -> e.contains(s));
      }
      assertThat(secrets).isNotEmpty();
      d.close();
    } finally {
      root.detachAppender(logs);
    }
  }
}
