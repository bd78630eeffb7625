package org.vigie.notify.channel;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.SendResult;

/**
 * Microsoft Teams through a Workflows ("When a Teams webhook request is received") URL: a
 * {@code message} whose attachment is an Adaptive Card 1.4 (the Office 365 connectors' MessageCard
 * is retired).
 */
public final class TeamsChannel extends HttpChannel {
  public TeamsChannel(HttpClient http) {
    super(http);
  }

  @Override
  public String kind() {
    return "teams";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    return post(destination.target(), Map.of(), "application/json", json(payload(n)), destination);
  }

  static Map<String, Object> payload(Notification n) {
    List<Object> body = new ArrayList<>();
    body.add(Map.of("type", "TextBlock", "text", n.title(), "weight", "Bolder", "size", "Medium", "wrap", true));
    body.add(Map.of("type", "TextBlock", "text", n.text(), "wrap", true));
    List<Map<String, String>> facts = new ArrayList<>();
    facts.add(Map.of("title", "Status", "value", n.incident().current().label("en")));
    facts.add(Map.of("title", "Since", "value", n.incident().startedAt().toString()));
    String countries = n.countries(10);
    if (!countries.isEmpty()) {
      facts.add(Map.of("title", "Countries", "value", countries));
    }
    body.add(Map.of("type", "FactSet", "facts", facts));
    Map<String, Object> card = new LinkedHashMap<>();
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.put("body", body);
    if (n.incidentUrl() != null) {
      card.put("actions", List.of(Map.of("type", "Action.OpenUrl", "title", "Incident details", "url", n.incidentUrl())));
    }
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
    attachment.put("contentUrl", null);
    attachment.put("content", card);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "message");
    out.put("attachments", List.of(attachment));
    return out;
  }
}
