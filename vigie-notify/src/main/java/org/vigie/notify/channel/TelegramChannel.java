package org.vigie.notify.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.SendResult;

/**
 * Telegram Bot API {@code sendMessage}: the destination's target is the chat id, its secret the
 * bot token — which the API puts in the URL path, so no reason ever carries the URL.
 */
public final class TelegramChannel extends HttpChannel {
  private final String apiBase;

  /** @param apiBase {@code https://api.telegram.org}, or a local fake in tests */
  public TelegramChannel(HttpClient http, String apiBase) {
    super(http);
    this.apiBase = apiBase.endsWith("/") ? apiBase.substring(0, apiBase.length() - 1) : apiBase;
  }

  @Override
  public String kind() {
    return "telegram";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    if (destination.secret() == null || destination.secret().isBlank()) {
      return SendResult.permanent("telegram: no bot token");
    }
    return post(apiBase + "/bot" + destination.secret() + "/sendMessage", Map.of(), "application/json",
        json(payload(n, destination.target())), destination);
  }

  @Override
  protected SendResult classify(int status, String body, SubscriptionStore.Channel destination) {
    // The API answers {"ok":false,"error_code":…,"description":…}; only its description is kept.
    String description = "";
    try {
      JsonNode r = JSON.readTree(body);
      if (status / 100 == 2 && r.path("ok").asBoolean(false)) {
        return SendResult.sent();
      }
      description = r.path("description").asText("");
    } catch (Exception e) {
      // Not JSON: the status alone decides.
    }
    return super.classify(status / 100 == 2 ? 502 : status, description, destination);
  }

  static Map<String, Object> payload(Notification n, String chatId) {
    StringBuilder text = new StringBuilder("<b>").append(html(n.title())).append("</b>\n").append(html(n.text()));
    if (n.incidentUrl() != null) {
      text.append("\n<a href=\"").append(html(n.incidentUrl())).append("\">Incident details</a>");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("chat_id", chatId);
    out.put("text", text.toString());
    out.put("parse_mode", "HTML");
    out.put("link_preview_options", Map.of("is_disabled", true));
    return out;
  }

  static String html(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
