package org.vigie.notify.channel;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Map;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.SendResult;

/**
 * Slack incoming webhooks: {@code text} (the notification fallback) and Block Kit {@code blocks}.
 * The webhook URL is the secret.
 */
public final class SlackChannel extends HttpChannel {
  public SlackChannel(HttpClient http) {
    super(http);
  }

  @Override
  public String kind() {
    return "slack";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    return post(destination.target(), Map.of(), "application/json", json(payload(n)), destination);
  }

  static Map<String, Object> payload(Notification n) {
    String body = "*" + escape(n.title()) + "*\n" + escape(n.text());
    Map<String, Object> section = Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", body));
    Map<String, Object> context = Map.of("type", "context", "elements",
        List.of(Map.of("type", "mrkdwn", "text", n.incidentUrl() == null ? "Vigie" : "<" + n.incidentUrl() + "|Incident details> · Vigie")));
    return Map.of("text", n.title(), "blocks", List.of(section, context));
  }

  /** Slack's three control characters in mrkdwn. */
  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
