package org.vigie.notify.channel;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.Planner;
import org.vigie.notify.SendResult;

/**
 * Discord webhooks: one embed. Mentions are disabled ({@code allowed_mentions.parse = []}) so a
 * service name can never ping a server.
 */
public final class DiscordChannel extends HttpChannel {
  public DiscordChannel(HttpClient http) {
    super(http);
  }

  @Override
  public String kind() {
    return "discord";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    return post(destination.target(), Map.of(), "application/json", json(payload(n)), destination);
  }

  static Map<String, Object> payload(Notification n) {
    Map<String, Object> embed = new LinkedHashMap<>();
    embed.put("title", cut(n.title(), 256));
    embed.put("description", cut(n.text(), 4096));
    if (n.incidentUrl() != null) {
      embed.put("url", n.incidentUrl());
    }
    embed.put("color", color(n));
    embed.put("timestamp", n.sentAt().toString());
    List<Map<String, Object>> fields = new ArrayList<>();
    fields.add(Map.of("name", "Status", "value", n.incident().current().label("en"), "inline", true));
    String countries = n.countries(10);
    if (!countries.isEmpty()) {
      fields.add(Map.of("name", "Countries", "value", cut(countries, 1024), "inline", true));
    }
    embed.put("fields", fields);
    embed.put("footer", Map.of("text", "Vigie"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("username", "Vigie");
    out.put("embeds", List.of(embed));
    out.put("allowed_mentions", Map.of("parse", List.of()));
    return out;
  }

  private static int color(Notification n) {
    if (Planner.RESOLVED.equals(n.kind())) {
      return 0x2ECC71;
    }
    return n.incident().severity() == PublicStatus.OUTAGE ? 0xE74C3C : 0xF39C12;
  }

  static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
