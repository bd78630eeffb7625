package org.vigie.notify.channel;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vigie.core.model.PublicStatus;
import org.vigie.core.storage.SubscriptionStore;
import org.vigie.notify.Notification;
import org.vigie.notify.Planner;
import org.vigie.notify.SendResult;

/**
 * ntfy (https://docs.ntfy.sh/publish/): the destination is the topic URL
 * ({@code https://ntfy.sh/my-topic}); we publish as JSON to the server root, which carries
 * UTF-8 titles that headers could not. An access token, if any, is the secret.
 */
public final class NtfyChannel extends HttpChannel {
  public NtfyChannel(HttpClient http) {
    super(http);
  }

  @Override
  public String kind() {
    return "ntfy";
  }

  @Override
  public SendResult send(Notification n, SubscriptionStore.Channel destination) {
    URI topicUrl;
    try {
      topicUrl = URI.create(destination.target());
    } catch (IllegalArgumentException e) {
      return SendResult.permanent("ntfy: the topic URL is not valid");
    }
    String path = topicUrl.getPath() == null ? "" : topicUrl.getPath();
    String topic = path.substring(path.lastIndexOf('/') + 1);
    if (topic.isEmpty()) {
      return SendResult.permanent("ntfy: the URL names no topic");
    }
    String root = topicUrl.getScheme() + "://" + topicUrl.getRawAuthority() + path.substring(0, path.lastIndexOf('/') + 1);
    Map<String, String> headers = destination.secret() == null ? Map.of() : Map.of("Authorization", "Bearer " + destination.secret());
    return post(root, headers, "application/json", json(payload(n, topic)), destination);
  }

  static Map<String, Object> payload(Notification n, String topic) {
    boolean resolved = Planner.RESOLVED.equals(n.kind());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("topic", topic);
    out.put("title", n.title());
    out.put("message", n.text());
    out.put("priority", resolved ? 3 : n.incident().severity() == PublicStatus.OUTAGE ? 5 : 4);
    out.put("tags", List.of(resolved ? "white_check_mark" : "rotating_light", n.incident().service()));
    if (n.incidentUrl() != null) {
      out.put("click", n.incidentUrl());
    }
    return out;
  }
}
