package org.vigie.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.vigie.core.storage.SubscriptionStore.Channel;
import org.vigie.notify.channel.EmailChannel;

/** E-mail through a real SMTP server (GreenMail). */
class EmailChannelTest {
  @RegisterExtension
  static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private EmailChannel channel() {
    return new EmailChannel(new EmailChannel.Smtp("127.0.0.1", greenMail.getSmtp().getPort(), "alerts@vigie.example", null, null, false));
  }

  @Test
  void aReplayedOutageSendsExactlyOneMailWhenItOpensAndOneWhenItResolves() throws Exception {
    MemoryStores store = new MemoryStores();
    ManualClock wall = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    store.put(Incidents.subscriber("s", new Channel("email", "ops@example.org", null)));
    NotifyPolicy policy = NotifyPolicy.DEFAULT;
    try (Notifier notifier = new Notifier(store, new Planner(policy), () -> null, wall, () -> {});
        Dispatcher d = new Dispatcher(store, store, store, List.of(channel()), policy, wall, Fixtures.LINKS, Dispatcher.Outcomes.NONE)) {
      for (Incidents.Change c : Incidents.sixHourOutage(5)) {
        notifier.process(c.incident(), c.at());
        d.runOnce().get(60, TimeUnit.SECONDS);
        wall.advance(Duration.ofSeconds(1));
      }
    }
    MimeMessage[] mails = greenMail.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[0].getSubject()).isEqualTo("[Vigie] Instagram: Problems detected");
    assertThat(mails[1].getSubject()).isEqualTo("[Vigie] Instagram: back to normal");
    assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
    assertThat(mails[0].getHeader("List-Unsubscribe")[0]).isEqualTo("<https://vigie.example/subscriptions/s/unsubscribe?sig=abc>");
    assertThat(mails[0].getHeader("List-Unsubscribe-Post")[0]).isEqualTo("List-Unsubscribe=One-Click");
    assertThat(mails[0].getMessageID()).startsWith("<msg_").endsWith("@vigie>");
    assertThat(GreenMailUtil.getBody(mails[0])).contains("Instagram has a problem since 2021-10-04T15:39:00Z");
    assertThat(store.sentCount()).isEqualTo(2);
  }

  @Test
  void aResentMessageKeepsItsMessageIdSoMailSystemsCanDropTheCopy() throws Exception {
    Notification n = Fixtures.opened();
    assertThat(channel().send(n, new Channel("email", "a@example.org", null))).isInstanceOf(SendResult.Sent.class);
    assertThat(channel().send(n, new Channel("email", "a@example.org", null))).isInstanceOf(SendResult.Sent.class);
    MimeMessage[] mails = greenMail.getReceivedMessages();
    assertThat(mails).hasSize(2);
    assertThat(mails[0].getMessageID()).isEqualTo(mails[1].getMessageID()).isEqualTo("<msg_abc@vigie>");
    assertThat(mails[0].getHeader("X-Vigie-Idempotency-Key")[0]).isEqualTo("msg_abc");
  }

  @Test
  void anUnreachableRelayIsARetryableFailureNamingTheRelayNotThePassword() {
    EmailChannel dead = new EmailChannel(new EmailChannel.Smtp("127.0.0.1", 1, "a@vigie.example", "user", "hunter2-smtp", false));
    SendResult r = dead.send(Fixtures.opened(), new Channel("email", "a@example.org", null));
    assertThat(r).isInstanceOf(SendResult.Failed.class);
    SendResult.Failed f = (SendResult.Failed) r;
    assertThat(f.retryable()).isTrue();
    assertThat(f.reason()).contains("127.0.0.1:1").doesNotContain("hunter2");
  }
}
